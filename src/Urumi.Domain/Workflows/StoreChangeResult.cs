using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Store">The store.</param>
/// <param name="Status">Ready (upgraded, or rolled back to where it was) or Failed.</param>
/// <param name="Plan">The plan the store has now.</param>
/// <param name="Revision">The Helm revision the store runs now.</param>
public sealed record StoreChangeResult(StoreName Store, StoreStatus Status, string Plan, int Revision);
