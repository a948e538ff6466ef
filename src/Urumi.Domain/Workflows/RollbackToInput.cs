using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary><c>helm rollback</c> to <see cref="Revision"/>, with the audit row of the step.</summary>
public sealed record RollbackToInput(StoreName Store, string BaseDomain, int Revision, TimeSpan HelmTimeout, AuditStamp Audit);
