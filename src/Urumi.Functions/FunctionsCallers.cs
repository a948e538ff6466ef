using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;
using Urumi.Platform.Api;

namespace Urumi.Functions;
/// <summary>
/// Who is calling the Functions API. Every API trigger needs the function key; App Service
/// authentication, when enabled, adds the signed-in principal (<c>X-MS-CLIENT-PRINCIPAL-NAME</c>,
/// else <c>-ID</c>), who is a member unless named in <c>Urumi:Functions:Admins</c>. A caller with
/// the key but no principal holds the app's own credential and is an admin (docs/security.md).
/// </summary>
public sealed class FunctionsCallers(IOptions<FunctionsAccessOptions> options)
{
    public Actor Identify(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = Header(request, "X-MS-CLIENT-PRINCIPAL-NAME");
        var id = Header(request, "X-MS-CLIENT-PRINCIPAL-ID");
        if (name is null && id is null)
        {
            return Actor.Anonymous;
        }

        var admins = options.Value.Admins;
        var admin = admins.Contains(name ?? string.Empty, StringComparer.OrdinalIgnoreCase) || admins.Contains(id ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        return new Actor((name ?? id)!, admin ? ActorRole.Admin : ActorRole.Member);
    }

    private static string? Header(HttpRequestData request, string header) =>
        HttpBinding.Header(request, header) is { Length: > 0 } value ? value : null;
}
