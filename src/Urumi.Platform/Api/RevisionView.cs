using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>One revision of a store's release, newest first in <see cref="RevisionList"/>.</summary>
/// <param name="Status">As helm writes it: deployed, superseded, failed, pending-upgrade, …</param>
/// <param name="Plan">The plan the revision's values name; null when they name none.</param>
public sealed record RevisionView(int Revision, string? Chart, string? ChartVersion, string? Plan, string Status, DateTimeOffset? Updated, string? Description);
