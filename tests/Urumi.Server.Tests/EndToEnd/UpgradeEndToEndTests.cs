using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// PATCH /api/stores/{name} and POST /api/stores/{name}/rollback on each host, against the real helm and the
/// simulator: the rendered resources follow the plan, and a failing upgrade is rolled back with the store Ready.
/// </summary>
public abstract class UpgradeEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task UpgradeThenRollback_SmallToMediumAndBack_RenderedResourcesFollowThePlan()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        await CreateReadyAsync(http, "upg");
        Assert.Equal("100m", await WordPressCpuRequestAsync(stack, "upg"));

        using var upgrade = await http.PatchJsonAsync("api/stores/upg", new { plan = "medium" });

        Assert.Equal(HttpStatusCode.Accepted, upgrade.StatusCode);
        Assert.Equal("/api/operations/upgrade-upg", upgrade.Headers.Location?.OriginalString);
        Assert.NotNull(upgrade.Headers.RetryAfter);
        var accepted = await upgrade.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("upgrade", accepted.GetProperty("operation").GetProperty("kind").GetString());
        var done = await Stack.WaitForOperationAsync(http, "upgrade-upg", Settle);
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
        var upgraded = await http.GetFromJsonAsync<JsonElement>("api/stores/upg");
        Assert.Equal(("ready", "medium"), (upgraded.GetProperty("status").GetString(), upgraded.GetProperty("plan").GetString()));
        Assert.Equal("250m", await WordPressCpuRequestAsync(stack, "upg"));
        Assert.Equal([(2, "medium"), (1, "small")], await RevisionsAsync(http, "upg"));

        using var rollback = await http.PostJsonAsync("api/stores/upg/rollback", new { });

        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        Assert.Equal("/api/operations/rollback-upg", rollback.Headers.Location?.OriginalString);
        var back = await Stack.WaitForOperationAsync(http, "rollback-upg", Settle);
        Assert.True(back.GetProperty("runtimeStatus").GetString() == "Completed", back.ToString());
        var rolledBack = await http.GetFromJsonAsync<JsonElement>("api/stores/upg");
        Assert.Equal(("ready", "small"), (rolledBack.GetProperty("status").GetString(), rolledBack.GetProperty("plan").GetString()));
        Assert.Equal("100m", await WordPressCpuRequestAsync(stack, "upg"));
        Assert.Equal([(3, "small"), (2, "medium"), (1, "small")], await RevisionsAsync(http, "upg"));
    }

    [SkippableFact]
    public async Task Upgrade_NewPodsCannotPullTheirImage_RolledBackAndTheStoreStaysReadyOnRevisionOne()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        await CreateReadyAsync(http, "upgf");
        var broken = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Namespace = "store-upgf", Name = "upgf-wordpress*" });

        using var upgrade = await http.PatchJsonAsync("api/stores/upgf", new { plan = "medium" });
        Assert.Equal(HttpStatusCode.Accepted, upgrade.StatusCode);

        // The image pulls again once the workflow has rolled the release back (its revision 3 says so).
        await Eventually.TrueAsync(async () => (await RevisionsAsync(http, "upgf")).Count >= 3, "the rollback revision", Settle);
        broken.Dispose();
        var failed = await Stack.WaitForOperationAsync(http, "upgrade-upgf", Settle);

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        var reason = failed.GetProperty("progress").GetProperty("error").GetString()!;
        Assert.Contains("ImagePullBackOff", reason, StringComparison.Ordinal);
        Assert.Contains("rolled back to revision 1", reason, StringComparison.Ordinal);
        // The operation's own failure field says why, on either host.
        Assert.Contains("rolled back to revision 1", failed.TryGetProperty("failure", out var failure) ? failure.GetString() : "(no failure field)", StringComparison.Ordinal);
        var store = await http.GetFromJsonAsync<JsonElement>("api/stores/upgf");
        Assert.Equal(("ready", "small"), (store.GetProperty("status").GetString(), store.GetProperty("plan").GetString()));
        Assert.Equal("100m", await WordPressCpuRequestAsync(stack, "upgf"));
        Assert.Equal([(3, "small"), (2, "medium"), (1, "small")], await RevisionsAsync(http, "upgf"));
    }

    private static async Task CreateReadyAsync(HttpClient http, string name)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name, plan = "small" })).StatusCode);
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, name, Settle)).GetProperty("status").GetString());
    }

    /// <summary>The CPU request of the WordPress container as the simulator's API holds the Deployment (the plan sets it).</summary>
    private static async Task<string> WordPressCpuRequestAsync(Stack stack, string name)
    {
        using var kubernetes = stack.Cluster.CreateClient();
        var deployment = await kubernetes.AppsV1.ReadNamespacedDeploymentAsync(name + "-wordpress", "store-" + name);
        return deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "wordpress").Resources.Requests["cpu"].ToString();
    }

    private static async Task<List<(int Revision, string? Plan)>> RevisionsAsync(HttpClient http, string name)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"api/stores/{name}/revisions");
        return body.GetProperty("revisions").EnumerateArray().Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("plan").GetString())).ToList();
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class UpgradeOnServerTests() : UpgradeEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class UpgradeOnFunctionsTests() : UpgradeEndToEndTests(HostKind.Functions);
