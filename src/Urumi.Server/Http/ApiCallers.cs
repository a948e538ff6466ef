using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// Who is calling the self-hosted API. Without API keys (loopback only, enforced at start) the caller
/// is the single local user, an admin. With keys every API endpoint but health needs one
/// (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>); the key's name is the caller, a member unless
/// named in <c>Urumi:Server:Admins</c>.
/// </summary>
internal sealed class ApiCallers(IOptions<ServerOptions> options)
{
    private readonly ServerOptions settings = options.Value;

    public Actor? Identify(HttpRequest request, out ApiResult? refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        refusal = null;
        if (settings.ApiKeys.Count == 0)
        {
            return Actor.Anonymous;
        }

        var presented = request.Headers["X-Api-Key"].FirstOrDefault()
            ?? (request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null);
        var name = presented is null ? null : settings.ApiKeys.FirstOrDefault(k => FixedTimeEquals(k.Value, presented)).Key;
        if (name is null)
        {
            refusal = ApiResult.Problem(
                HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "An API key is required.",
                presented is null ? "Send an API key in the X-Api-Key header." : "The API key is not valid.",
                null, ("WWW-Authenticate", "Bearer"));
            return null;
        }

        return new Actor(name, settings.Admins.Contains(name, StringComparer.Ordinal) ? ActorRole.Admin : ActorRole.Member);
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
