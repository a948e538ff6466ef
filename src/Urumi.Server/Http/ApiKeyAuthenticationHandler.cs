using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// The API key scheme: a key from <c>Urumi:Server:ApiKeys</c> sent as <c>X-Api-Key</c> or as
/// <c>Authorization: Bearer</c>. Its name is the caller; the admin role when named in
/// <c>Urumi:Server:Admins</c>. A bearer value that is no key is left to the JWT scheme when that is on.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ServerOptions> server) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string AdminRole = "admin";

    private readonly ServerOptions settings = server.Value;

    /// <summary>The value of <c>Authorization: Bearer</c>, if sent.</summary>
    public static string? Bearer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = Bearer(Request);
        var presented = Request.Headers["X-Api-Key"].FirstOrDefault() ?? bearer;
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var name = settings.ApiKeys.FirstOrDefault(k => FixedTimeEquals(k.Value, presented)).Key;
        if (name is null)
        {
            return Task.FromResult(settings.Jwt.Enabled && presented == bearer
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail("The API key is not valid."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (settings.Admins.Contains(name, StringComparer.Ordinal))
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
