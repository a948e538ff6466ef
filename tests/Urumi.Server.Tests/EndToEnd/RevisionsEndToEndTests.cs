using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary><c>GET /api/stores/{name}/revisions</c> against the real helm history of a store, on each host.</summary>
public abstract class RevisionsEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Revisions_AfterACreate_OneDeployedRevisionWithChartVersionAndPlan()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name = "revs", plan = "small" })).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "revs", Settle)).GetProperty("status").GetString());

        var body = await http.GetFromJsonAsync<JsonElement>("api/stores/revs/revisions");

        Assert.Equal("revs", body.GetProperty("store").GetString());
        var revision = Assert.Single(body.GetProperty("revisions").EnumerateArray());
        Assert.Equal(1, revision.GetProperty("revision").GetInt32());
        Assert.Equal("deployed", revision.GetProperty("status").GetString());
        Assert.Equal("small", revision.GetProperty("plan").GetString());
        Assert.False(string.IsNullOrEmpty(revision.GetProperty("chartVersion").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/absent/revisions", UriKind.Relative))).StatusCode);
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class RevisionsOnServerTests() : RevisionsEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class RevisionsOnFunctionsTests() : RevisionsEndToEndTests(HostKind.Functions);
