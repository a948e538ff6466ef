using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>Moves the store's namespace to a new plan (the plan label), recording the operation; the phase is left as it is.</summary>
public sealed record RelabelInput(StoreName Store, string BaseDomain, string Engine, string Plan, AuditStamp Audit);
