using System.ComponentModel.DataAnnotations;

namespace Urumi.Server.Hosting;

/// <summary>
/// Section <c>Urumi:Server:Jwt</c>: bearer tokens from an OpenID Connect issuer, as an alternative
/// (or addition) to API keys. The token's subject is the caller; a role claim makes it an admin.
/// </summary>
public sealed class JwtSettings
{
    /// <summary>The issuer's base URL; its <c>/.well-known/openid-configuration</c> names the signing keys. Empty: no JWT.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the caller (its store ownership and audit actor).</summary>
    [Required]
    public string NameClaim { get; set; } = "sub";

    /// <summary>The claim holding the caller's roles.</summary>
    [Required]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The role value that makes a caller an admin; every other caller is a member.</summary>
    [Required]
    public string AdminRole { get; set; } = "urumi-admin";

    /// <summary>Only for a local test issuer: allow fetching the issuer's metadata over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
