using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// Two member keys and an admin key on one server: a member sees and changes only its own stores,
/// and another owner's store answers exactly as a missing one.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class TenancyEndToEndTests
{
    private const string AliceKey = "alice-key-0123456789abcdef";
    private const string BobKey = "bob-key-0123456789abcdefgh";
    private const string OpsKey = "ops-key-0123456789abcdefgh";

    [Fact]
    public async Task MemberKeys_AnotherOwnersStore_IsNotFoundEverywhereAndUnchanged()
    {
        await using var stack = await Stack.StartAsync(overrides: new Dictionary<string, string>
        {
            ["Urumi__Server__ApiKeys__alice"] = AliceKey,
            ["Urumi__Server__ApiKeys__bob"] = BobKey,
            ["Urumi__Server__ApiKeys__ops"] = OpsKey,
            ["Urumi__Server__Admins__0"] = "ops",
        });
        using var alice = Client(stack, AliceKey);
        using var bob = Client(stack, BobKey);
        using var ops = Client(stack, OpsKey);
        using var nobody = stack.Client();

        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsJsonAsync("api/stores", new { name = "alices" })).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(alice, "alices", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await bob.PostAsJsonAsync("api/stores", new { name = "bobs" })).StatusCode);

        // Bob: every way to alice's store is a 404 that says no more than for a store that never existed.
        var missing = await ProblemAsync(await bob.GetAsync(new Uri("api/stores/nosuchstore", UriKind.Relative)));
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices"),
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices/credentials"),
            new HttpRequestMessage(HttpMethod.Get, "api/stores/alices/events"),
            new HttpRequestMessage(HttpMethod.Get, "api/operations/provision-alices"),
            new HttpRequestMessage(HttpMethod.Delete, "api/stores/alices"),
        })
        {
            var response = await bob.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}");
            Assert.Equal(missing.GetProperty("type").GetString(), (await ProblemAsync(response)).GetProperty("type").GetString());
        }

        // A create of alice's name is refused as an existing store, and re-provisioning is not offered.
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostAsJsonAsync("api/stores", new { name = "alices" })).StatusCode);

        // Lists and the global trail show a member only its own.
        Assert.Equal(["bobs"], await NamesAsync(bob));
        Assert.Equal(["alices"], await NamesAsync(alice));
        // The overview counts and plots only the caller's stores (the admin's: all).
        var bobOverview = await bob.GetFromJsonAsync<JsonElement>("api/overview");
        Assert.Equal(1, bobOverview.GetProperty("stores").GetInt32());
        Assert.DoesNotContain(bobOverview.GetProperty("recent").EnumerateArray(), r => r.GetProperty("store").GetString() == "alices");
        var aliceOverview = await alice.GetFromJsonAsync<JsonElement>("api/overview");
        Assert.Equal(1, aliceOverview.GetProperty("stores").GetInt32());
        Assert.Equal(["alices"], aliceOverview.GetProperty("recent").EnumerateArray().Select(r => r.GetProperty("store").GetString()));
        Assert.Equal(2, (await ops.GetFromJsonAsync<JsonElement>("api/overview")).GetProperty("stores").GetInt32());
        var bobEvents = await bob.GetFromJsonAsync<JsonElement>("api/events?pageSize=200");
        Assert.DoesNotContain(bobEvents.GetProperty("events").EnumerateArray(), e => e.GetProperty("store").GetString() == "alices");

        // Cleanup is for admins.
        var cleanup = await bob.PostAsync(new Uri("api/cleanup?dryRun=true", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, cleanup.StatusCode);
        Assert.Equal("https://urumi.dev/problems/forbidden", (await ProblemAsync(cleanup)).GetProperty("type").GetString());

        // Reads need a key as much as changes do.
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(new Uri("api/stores", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(new Uri("api/events", UriKind.Relative))).StatusCode);

        // The admin sees both and reads alice's credentials; alice's store is untouched by bob.
        Assert.Equal(["alices", "bobs"], await NamesAsync(ops));
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(new Uri("api/stores/alices/credentials", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("api/stores/alices/credentials", UriKind.Relative))).StatusCode);
        var view = await alice.GetFromJsonAsync<JsonElement>("api/stores/alices");
        Assert.Equal("ready", view.GetProperty("status").GetString());
        Assert.Equal("alice", view.GetProperty("owner").GetString());
        var trail = await alice.GetFromJsonAsync<JsonElement>("api/stores/alices/events?pageSize=200");
        Assert.DoesNotContain(trail.GetProperty("events").EnumerateArray(), e => e.GetProperty("actor").GetString() == "bob");
    }

    private static HttpClient Client(Stack stack, string key)
    {
        var http = stack.Client();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<List<string?>> NamesAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToList();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
