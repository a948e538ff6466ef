using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record StoreRef(StoreName Store, string BaseDomain)
{
    public StoreNaming Naming() => new(Store, BaseDomain);
}
