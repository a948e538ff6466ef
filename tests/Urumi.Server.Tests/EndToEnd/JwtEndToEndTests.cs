using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>JWT bearer callers from an OpenID Connect issuer: the subject owns its stores, a role claim makes an admin.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class JwtEndToEndTests
{
    [Fact]
    public async Task BearerTokens_SubjectIsTheTenantAndRoleClaimTheAdmin()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var stack = await Stack.StartAsync(overrides: new Dictionary<string, string>
        {
            ["Urumi__Server__Jwt__Authority"] = issuer.Authority,
            ["Urumi__Server__Jwt__Audience"] = "urumi",
            ["Urumi__Server__Jwt__RequireHttpsMetadata"] = "false",
        });
        using var alice = Client(stack, issuer.Token("alice", []));
        using var bob = Client(stack, issuer.Token("bob", ["reader"]));
        using var ops = Client(stack, issuer.Token("ops", ["urumi-admin"]));

        var created = await alice.PostAsJsonAsync("api/stores", new { name = "jwtshop" });

        Assert.True(created.StatusCode == HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        Assert.Equal("alice", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("api/stores/jwtshop", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(new Uri("api/stores/jwtshop", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync(new Uri("api/cleanup?dryRun=true", UriKind.Relative), null)).StatusCode);
        var all = await ops.GetFromJsonAsync<JsonElement>("api/stores");
        Assert.Contains(all.GetProperty("stores").EnumerateArray(), s => s.GetProperty("name").GetString() == "jwtshop");

        foreach (var (why, token) in new[]
        {
            ("forged", issuer.Token("ops", ["urumi-admin"], forged: true)),
            ("expired", issuer.Token("ops", ["urumi-admin"], expires: DateTime.UtcNow.AddHours(-1))),
            ("other audience", issuer.Token("ops", ["urumi-admin"], audience: "someone-else")),
            ("not a token", "not.a.token"),
        })
        {
            using var bad = Client(stack, token);
            var response = await bad.GetAsync(new Uri("api/stores", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var nobody = stack.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(new Uri("api/stores", UriKind.Relative))).StatusCode);
    }

    private static HttpClient Client(Stack stack, string token)
    {
        var http = stack.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
