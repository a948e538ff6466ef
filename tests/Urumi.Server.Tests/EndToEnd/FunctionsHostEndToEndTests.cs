using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>What only the Azure Functions host does: function keys, the App Service principal, and its HTTP front end.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FunctionsHostEndToEndTests
{
    [SkippableFact]
    public async Task Endpoints_NoFunctionKey_EveryApiCallIs401HealthIsOpen()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Functions);
        Skip.If(FunctionsHost.Instance!.IsCoreTools, "Core Tools do not enforce function keys locally.");
        using var anonymous = stack.Client(withKey: false);
        using var wrongKey = stack.Client(withKey: false);
        wrongKey.DefaultRequestHeaders.Add("x-functions-key", "not-the-key");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("api/stores", new { name = "nokey" })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("api/stores/batch", new { stores = new[] { new { name = "nokey" } } })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync(new Uri("api/stores/nokey", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("api/stores/nokey/credentials", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(new Uri("api/cleanup?dryRun=true", UriKind.Relative), null)).StatusCode);
            foreach (var read in new[] { "api/stores", "api/stores/nokey", "api/stores/nokey/events", "api/events", "api/operations/provision-nokey" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri(read, UriKind.Relative))).StatusCode);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("api/health/live", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-nokey"));
        using var keyed = stack.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync(new Uri("api/operations/provision-nokey", UriKind.Relative))).StatusCode);
    }

    [SkippableFact]
    public async Task Principals_AnotherMembersStore_IsNotFoundAndUnchangedAnAdminSeesIt()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Functions, overrides: new Dictionary<string, string> { ["Urumi__Functions__Admins__0"] = "ops@example.com" });
        using var alice = Principal(stack, "alice@example.com");
        using var bob = Principal(stack, "bob@example.com");
        using var ops = Principal(stack, "ops@example.com");

        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostJsonAsync("api/stores", new { name = "alices" })).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(alice, "alices", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices"),
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices/credentials"),
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices/events"),
            new HttpRequestMessage(HttpMethod.Delete, "api/stores/alices"),
        })
        {
            var response = await bob.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"bob {request.Method} {request.RequestUri}: {(int)response.StatusCode}");
        }

        Assert.Empty((await bob.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync(new Uri("api/cleanup?dryRun=true", UriKind.Relative), null)).StatusCode);
        Assert.Equal("ready", (await ops.GetFromJsonAsync<JsonElement>("api/stores/alices")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(new Uri("api/stores/alices/credentials", UriKind.Relative))).StatusCode);
        Assert.True(stack.Cluster.Store.NamespaceExists("store-alices"));
    }

    /// <summary>A client as App Service authentication would forward a signed-in principal: the function key plus its headers.</summary>
    private static HttpClient Principal(Stack stack, string name)
    {
        var http = stack.Client();
        http.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL-NAME", name);
        return http;
    }

    [SkippableFact]
    public async Task Create_AppServicePrincipalHeader_IsTheActorInTheAuditTrail()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Functions);
        using var http = stack.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/stores")
        {
            Content = new StringContent("""{"name":"owned"}""", Encoding.UTF8, "application/json"),
            Headers = { { "X-MS-CLIENT-PRINCIPAL-NAME", "alice@example.com" }, { "X-MS-CLIENT-PRINCIPAL-ID", "00000000-0000-0000-0000-0000000000a1" } },
        };

        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(request)).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "owned", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());

        var events = (await http.GetFromJsonAsync<JsonElement>("api/stores/owned/events")).GetProperty("events").EnumerateArray().ToList();
        Assert.NotEmpty(events);
        Assert.Contains(events, e => e.GetProperty("actor").GetString() == "alice@example.com");
        Assert.DoesNotContain(events, e => e.GetProperty("actor").GetString() == "anonymous");
    }

    [SkippableFact]
    public async Task Endpoints_CrossSiteBrowserRequest_EveryApiCallIs403ProblemTheDashboardIsServed()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Functions);
        using var http = stack.Client();
        http.DefaultRequestHeaders.Add("Sec-Fetch-Site", "cross-site");

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "api/stores"), (HttpMethod.Post, "api/stores/batch"), (HttpMethod.Delete, "api/stores/xsite"),
            (HttpMethod.Get, "api/stores"), (HttpMethod.Get, "api/stores/xsite"), (HttpMethod.Get, "api/stores/xsite/credentials"),
            (HttpMethod.Get, "api/stores/xsite/events"), (HttpMethod.Get, "api/events"), (HttpMethod.Get, "api/operations/provision-xsite"),
            (HttpMethod.Post, "api/cleanup?dryRun=true"), (HttpMethod.Get, "api/health"), (HttpMethod.Get, "api/health/ready"), (HttpMethod.Get, "api/health/live"),
        })
        {
            var body = path == "api/stores/batch" ? """{"stores":[{"name":"xsite"}]}""" : """{"name":"xsite"}""";
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent(body, Encoding.UTF8, "application/json") : null };
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {text}");
            Assert.Contains("cross-site-request", text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        using var sameOrigin = stack.Client();
        Assert.Empty((await sameOrigin.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray());
        Assert.False(stack.Cluster.Store.NamespaceExists("store-xsite"));
    }

    [SkippableFact]
    public async Task Create_ChunkedBody_Returns411ProblemAndCreatesNothing()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Functions);
        using var http = stack.Client();

        // PostAsJsonAsync streams the body chunked (no Content-Length).
        var response = await http.PostAsJsonAsync("api/stores", new { name = "chunky" });

        Assert.Equal(HttpStatusCode.LengthRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Length", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray());
    }
}
