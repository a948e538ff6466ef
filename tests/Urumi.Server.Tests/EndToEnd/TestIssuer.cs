using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// A minimal OpenID Connect issuer on loopback: discovery document, the public signing key, and
/// tokens signed with it (or with a key it never published).
/// </summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    private readonly RSA rsa = RSA.Create(2048);
    private readonly WebApplication app;

    private TestIssuer(WebApplication app, string authority)
    {
        this.app = app;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TestIssuer> StartAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var authority = $"http://127.0.0.1:{port}";
        var issuer = new TestIssuer(app, authority);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string> { ["issuer"] = authority, ["jwks_uri"] = authority + "/jwks" }));
        app.MapGet("/jwks", () =>
        {
            var key = issuer.rsa.ExportParameters(false);
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["kid"] = "test", ["alg"] = "RS256",
                        ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                    },
                },
            });
        });
        await app.StartAsync();
        return issuer;
    }

    /// <param name="subject">The caller.</param>
    /// <param name="roles">Values of the <c>roles</c> claim.</param>
    /// <param name="audience">The <c>aud</c>.</param>
    /// <param name="expires">When the token expires (default: in an hour).</param>
    /// <param name="forged">Sign with a key the issuer never published.</param>
    public string Token(string subject, string[] roles, string audience = "urumi", DateTime? expires = null, bool forged = false)
    {
        using var other = RSA.Create(2048);
        var key = new RsaSecurityKey(forged ? other : rsa) { KeyId = "test" };
        var end = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = end.AddHours(-2),
            NotBefore = end.AddHours(-2),
            Expires = end,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
