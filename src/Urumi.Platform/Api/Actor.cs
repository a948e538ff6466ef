using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>
/// Who asks: an authenticated principal, an API key name, "schedule" or "anonymous", and what it may
/// do. A <see cref="ActorRole.Member"/> sees and changes only the stores it owns; an
/// <see cref="ActorRole.Admin"/> sees every store and may run the cleanup (docs/security.md).
/// </summary>
public sealed record Actor(string Name, ActorRole Role)
{
    /// <summary>The single local user of a loopback server without API keys, and a Functions caller with the function key but no principal.</summary>
    public static Actor Anonymous { get; } = new("anonymous", ActorRole.Admin);

    public bool IsAdmin => Role == ActorRole.Admin;

    /// <summary>True when this actor may see and change a store owned by <paramref name="owner"/>.</summary>
    public bool MayAccess(string? owner) => IsAdmin || string.Equals(owner, Name, StringComparison.Ordinal);

    public override string ToString() => Name;
}
