using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Timing">The operation a passing verification ends, for its metrics; null: none.</param>
/// <param name="Action">The audit action of the "ready" row a passing verification writes (create, upgrade, rollback).</param>
public sealed record VerifyShopInput(StoreName Store, string BaseDomain, string Engine, AuditStamp Audit, string? PublicUrl = null, OperationTiming? Timing = null, string Action = "create");
