using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record BatchProvisionResult(int Ready, int Failed, IReadOnlyList<ProvisionStoreResult> Stores);
