using Urumi.Domain.Stores;

namespace Urumi.Domain.Ports;

public sealed record ManagedStore(
    StoreName Name,
    string Namespace,
    string Engine,
    string Plan,
    string? Owner,
    string? Host,
    StoreStatus? Phase,
    string? LastError,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    bool Terminating,
    DateTimeOffset? PhaseSince = null);
