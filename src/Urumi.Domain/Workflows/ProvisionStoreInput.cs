using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="PublicUrl">Template of the store URLs people open (<see cref="StoreNaming.StoreUrl"/>); null is the default.</param>
public sealed record ProvisionStoreInput(StoreSpec Spec, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null);
