using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Spec">The store as it will be: its owner, dates and engine unchanged, <see cref="StoreSpec.Plan"/> the new plan.</param>
/// <param name="FromPlan">The plan it has now (for the messages and the audit trail).</param>
/// <param name="BaseDomain">The stores' base domain.</param>
/// <param name="Actor">Who asked.</param>
/// <param name="Policy">Time limits.</param>
/// <param name="PublicUrl">Template of the store URLs (<see cref="StoreNaming.StoreUrl"/>).</param>
/// <param name="FromRevision">The deployed revision the store runs (what a failure rolls back to, also when helm refuses the upgrade itself); null: unknown.</param>
public sealed record UpgradeStoreInput(StoreSpec Spec, string FromPlan, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null, int? FromRevision = null);
