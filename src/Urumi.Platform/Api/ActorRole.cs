using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public enum ActorRole
{
    /// <summary>Only the stores it owns (the default for every API key and principal).</summary>
    Member,

    /// <summary>Every store, the global audit trail and the cleanup.</summary>
    Admin,
}
