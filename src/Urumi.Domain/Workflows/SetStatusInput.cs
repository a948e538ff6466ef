using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Audit">The audit row recording this move, written after it (also when the namespace is already gone); null: none.</param>
/// <param name="Timing">The operation this move to Failed ends, for its metrics; null: none.</param>
public sealed record SetStatusInput(StoreName Store, string BaseDomain, StoreStatus Status, string? LastError, AuditEntry? Audit = null, OperationTiming? Timing = null);
