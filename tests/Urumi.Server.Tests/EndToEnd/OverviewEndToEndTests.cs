using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary><c>GET /api/overview</c> after real creates, on each host: the stores by phase and the finished creates.</summary>
public abstract class OverviewEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Overview_AfterTwoCreates_CountsBothReadyWithDurationsAndFullSuccessRate()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name = "ov-one", plan = "small" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name = "ov-two", plan = "medium" })).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "ov-one", Settle)).GetProperty("status").GetString());
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "ov-two", Settle)).GetProperty("status").GetString());

        var body = await http.GetFromJsonAsync<JsonElement>("api/overview");

        Assert.Equal(2, body.GetProperty("stores").GetInt32());
        var phase = Assert.Single(body.GetProperty("phases").EnumerateArray());
        Assert.Equal("ready", phase.GetProperty("status").GetString());
        Assert.Equal("woocommerce", phase.GetProperty("engine").GetString());
        Assert.Equal(2, phase.GetProperty("count").GetInt32());
        var creates = body.GetProperty("creates");
        Assert.Equal(2, creates.GetProperty("operations").GetInt32());
        Assert.Equal(2, creates.GetProperty("succeeded").GetInt32());
        Assert.Equal(1.0, creates.GetProperty("successRate").GetDouble());
        Assert.True(creates.GetProperty("p50Seconds").GetDouble() > 0);
        Assert.True(creates.GetProperty("p95Seconds").GetDouble() >= creates.GetProperty("p50Seconds").GetDouble());
        var recent = body.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(["ov-one", "ov-two"], recent.Select(r => r.GetProperty("store").GetString()).Order(StringComparer.Ordinal));
        Assert.All(recent, r => Assert.Equal("succeeded", r.GetProperty("outcome").GetString()));
        Assert.Contains(recent, r => r.GetProperty("id").GetString() == "provision-ov-two" && r.GetProperty("plan").GetString() == "medium");
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class OverviewOnServerTests() : OverviewEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class OverviewOnFunctionsTests() : OverviewEndToEndTests(HostKind.Functions);
