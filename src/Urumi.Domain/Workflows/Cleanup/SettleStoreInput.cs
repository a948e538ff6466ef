using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record SettleStoreInput(Urumi.Domain.Stores.StoreName Store, string BaseDomain, string Reason);
