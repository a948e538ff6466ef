using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Store">The store.</param>
/// <param name="Engine">The store's engine (for the shop checks).</param>
/// <param name="Revision">The revision to go back to (the API has checked that it exists).</param>
/// <param name="Plan">The plan of that revision: the store's plan label once the rollback has worked.</param>
/// <param name="BaseDomain">The stores' base domain.</param>
/// <param name="Actor">Who asked.</param>
/// <param name="Policy">Time limits.</param>
/// <param name="PublicUrl">Template of the store URLs.</param>
/// <param name="FromRevision">The deployed revision the store runs (what a failure returns to); null: unknown.</param>
public sealed record RollbackStoreInput(StoreName Store, string Engine, int Revision, string Plan, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null, int? FromRevision = null);
