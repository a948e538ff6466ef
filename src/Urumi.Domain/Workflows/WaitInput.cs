using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Done">The audit row to write once the wait succeeds (the step it records ends there); null: none.</param>
/// <param name="Timing">The operation this wait ends when it succeeds, for its metrics; null: none.</param>
/// <param name="ThenVerify">Readiness waits: the shop check to run in the same activity once every workload is ready; null: none.</param>
public sealed record WaitInput(StoreName Store, string BaseDomain, TimeSpan MaxWait, AuditEntry? Done = null, OperationTiming? Timing = null, VerifyShopInput? ThenVerify = null);
