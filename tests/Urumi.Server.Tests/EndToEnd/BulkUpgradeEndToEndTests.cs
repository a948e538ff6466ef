using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>POST /api/stores/upgrade on each host: a bulk rollout over the selected stores, with the real helm and the simulator.</summary>
public abstract class BulkUpgradeEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(180);

    [SkippableFact]
    public async Task BulkUpgrade_SmallStoresToMedium_EverySelectedStoreUpgradedAndTheOtherLeftAlone()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        foreach (var (name, plan) in new[] { ("bulka", "small"), ("bulkb", "small"), ("bulkc", "medium") })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name, plan })).StatusCode);
        }

        foreach (var name in new[] { "bulka", "bulkb", "bulkc" })
        {
            Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, name, Settle)).GetProperty("status").GetString());
        }

        using var response = await http.PostJsonAsync("api/stores/upgrade", new { plan = "medium", selector = new { plan = "small" }, window = 2, stopAfterFailures = 1 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["bulka", "bulkb"], accepted.GetProperty("stores").EnumerateArray().Select(s => s.GetString()));
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal("/api/operations/" + id, response.Headers.Location?.OriginalString);
        var done = await Stack.WaitForOperationAsync(http, id, Settle);
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        var progress = done.GetProperty("progress");
        Assert.Equal((2, 2, 0, 0), (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("failed").GetInt32(), progress.GetProperty("skipped").GetInt32()));
        var stores = (await http.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => (s.GetProperty("status").GetString(), s.GetProperty("plan").GetString()));
        Assert.Equal(("ready", "medium"), stores["bulka"]);
        Assert.Equal(("ready", "medium"), stores["bulkb"]);
        Assert.Equal(("ready", "medium"), stores["bulkc"]);
        Assert.Single((await http.GetFromJsonAsync<JsonElement>("api/stores/bulkc/revisions")).GetProperty("revisions").EnumerateArray());
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class BulkUpgradeOnServerTests() : BulkUpgradeEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class BulkUpgradeOnFunctionsTests() : BulkUpgradeEndToEndTests(HostKind.Functions);
