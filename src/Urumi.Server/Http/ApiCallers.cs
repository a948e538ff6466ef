using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// Who is calling the self-hosted API. Without API keys or JWT (loopback only, enforced at start) the
/// caller is the single local user, an admin. Otherwise every API endpoint but health needs an API key
/// (<see cref="ApiKeyAuthenticationHandler"/>: <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; the
/// key's name is the caller, a member unless named in <c>Urumi:Server:Admins</c>) or a JWT bearer token
/// (its subject is the caller, an admin when its role claim holds the admin role).
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

        var key = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (key.Succeeded && key.Principal.Identity?.Name is { } name)
        {
            return (new Actor(name, key.Principal.IsInRole(ApiKeyAuthenticationHandler.AdminRole) ? ActorRole.Admin : ActorRole.Member), null);
        }

        if (key.Failure is not null)
        {
            return (null, Refuse(key.Failure.Message));
        }

        if (settings.Jwt.Enabled && ApiKeyAuthenticationHandler.Bearer(http.Request) is not null)
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

        return (null, Refuse("Send an API key in the X-Api-Key header, or a bearer token."));
    }

    private static ApiResult Refuse(string detail) =>
        ApiResult.Problem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "Authentication is required.", detail, null, ("WWW-Authenticate", "Bearer"));
}
