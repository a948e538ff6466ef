using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record ReleaseInput(StoreName Store, string BaseDomain, TimeSpan HelmTimeout, int? Revision = null);
