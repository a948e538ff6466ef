using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <param name="Operations">Finished creates covered (at most <see cref="StoreOverview.Recent"/>).</param>
/// <param name="Succeeded">Those that ended Ready.</param>
/// <param name="SuccessRate">Succeeded / operations, 0–1; null when there are none.</param>
/// <param name="P50Seconds">Median time from accepted to Ready of the succeeded ones.</param>
/// <param name="P95Seconds">95th percentile of the same.</param>
public sealed record CreateSummary(int Operations, int Succeeded, double? SuccessRate, double? P50Seconds, double? P95Seconds);
