using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>POST /api/stores/upgrade</c> (admins): what to change, on which stores, how fast.</summary>
public sealed record BulkUpgradeRequest(string? Plan, string? ChartVersion, BulkSelector? Selector, int? Window, int? StopAfterFailures);
