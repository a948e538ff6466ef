using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>A bulk upgrade's progress (its custom status) and, once finished, its result.</summary>
/// <param name="Total">Stores selected.</param>
/// <param name="Done">Upgraded and verified.</param>
/// <param name="Failed">Failed (each rolled back by its own upgrade).</param>
/// <param name="Skipped">Never started because the failure limit was reached.</param>
/// <param name="Running">Upgrades running now.</param>
/// <param name="Failures">"store: reason" per failed store.</param>
public sealed record BulkUpgradeProgress(int Total, int Done, int Failed, int Skipped, int Running, IReadOnlyList<string> Failures);
