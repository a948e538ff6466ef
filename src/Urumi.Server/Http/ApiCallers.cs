using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// Who is calling the self-hosted API. Without API keys or JWT (loopback only, enforced at start) the
/// caller is the single local user, an admin. Otherwise every API endpoint but health needs an API key
/// (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>; the key's name is the caller, a member unless
/// named in <c>Urumi:Server:Admins</c>) or a JWT bearer token (its subject is the caller, an admin
/// when its role claim holds the admin role).
/// </summary>
internal sealed class ApiCallers(IOptions<ServerOptions> options)
{
    private readonly ServerOptions settings = options.Value;

    public async Task<(Actor? Actor, ApiResult? Refusal)> IdentifyAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!settings.RequiresCaller)
        {
            return (Actor.Anonymous, null);
        }

        var bearer = http.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null;
        var presented = http.Request.Headers["X-Api-Key"].FirstOrDefault() ?? bearer;
        var name = presented is null ? null : settings.ApiKeys.FirstOrDefault(k => FixedTimeEquals(k.Value, presented)).Key;
        if (name is not null)
        {
            return (new Actor(name, settings.Admins.Contains(name, StringComparer.Ordinal) ? ActorRole.Admin : ActorRole.Member), null);
        }

        if (settings.Jwt.Enabled && bearer is not null && presented == bearer)
        {
            var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (result.Succeeded && result.Principal.FindFirst(settings.Jwt.NameClaim)?.Value is { Length: > 0 } subject)
            {
                var admin = result.Principal.FindAll(settings.Jwt.RoleClaim).Any(c => c.Value == settings.Jwt.AdminRole);
                return (new Actor(subject, admin ? ActorRole.Admin : ActorRole.Member), null);
            }

            return (null, Refuse(result.Failure is null
                ? $"The bearer token has no '{settings.Jwt.NameClaim}' claim to name the caller."
                : "The bearer token is not valid: " + result.Failure.Message));
        }

        return (null, Refuse(presented is null ? "Send an API key in the X-Api-Key header, or a bearer token." : "The API key is not valid."));
    }

    private static ApiResult Refuse(string detail) =>
        ApiResult.Problem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "Authentication is required.", detail, null, ("WWW-Authenticate", "Bearer"));

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
