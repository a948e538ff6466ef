using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>PATCH /api/stores/{name}</c>: the new plan; <c>chartVersion</c> is for admins (docs/operations.md).</summary>
public sealed record UpgradeStoreRequest(string? Plan, string? ChartVersion);
