using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>What only Urumi.Server does: replicas sharing one hub; and a misbehaving API server.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ResilienceEndToEndTests
{
    [Fact]
    public async Task TwoReplicasOneHub_TwentyStores_EachAcceptedReadyAndInstalledOnce()
    {
        // Twenty installs at once on a shared machine: the deadline is generous, as this test is about
        // each store being installed once, not about speed.
        await using var stack = await Stack.StartAsync(servers: 2, overrides: new Dictionary<string, string> { ["Urumi__Stores__ProvisioningDeadline"] = "00:05:00" });
        var names = Enumerable.Range(1, 20).Select(i => $"multi{i:00}").ToList();
        using var a = stack.Client(0);
        using var b = stack.Client(1);

        var accepted = await Task.WhenAll(names.Select((name, i) => (i % 2 == 0 ? a : b).PostJsonAsync("api/stores", new { name })));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var views = await Task.WhenAll(names.Select(name => Stack.WaitForStoreAsync(a, name, TimeSpan.FromMinutes(6))));

        Assert.All(views, v => Assert.Equal("ready", v.GetProperty("status").GetString()));
        foreach (var name in names)
        {
            var (exit, history) = await Helm.RunAsync(stack.Kubeconfig, "history", name, "-n", "store-" + name, "-o", "json");
            Assert.True(exit == 0, history);
            Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(history)!);
            Assert.Single(stack.Cluster.Shop($"{name}.localhost")!.DeletedOrders);
        }

        // Both replicas answer for the whole hub: each lists every store, once. (Which replica ran which
        // install is up to the task hub's leases, so it is not asserted.)
        foreach (var http in new[] { a, b })
        {
            var listed = (await http.GetFromJsonAsync<JsonElement>("api/stores")).GetProperty("stores").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
            Assert.All(names, name => Assert.Single(listed, n => n == name));
        }
    }

    [Fact]
    public async Task ApiServerMisbehaves_ErrorsThrottlingAndDroppedWatches_StoresStillReady()
    {
        await using var stack = await Stack.StartAsync();
        // 503 with Retry-After, as an overloaded API server answers: client-go (inside helm) retries those
        // by itself, and the Kubernetes adapter retries reads and surfaces writes as transient.
        using var errors = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, StatusCode = 503, RetryAfterSeconds = 1, Rate = 0.1 });
        using var throttling = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, StatusCode = 429, RetryAfterSeconds = 1, Rate = 0.05 });
        using var drops = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.WatchDrop, Interval = TimeSpan.FromSeconds(1) });
        using var http = stack.Client();
        var names = new[] { "flaky1", "flaky2", "flaky3" };

        foreach (var name in names)
        {
            var response = await http.PostJsonAsync("api/stores", new { name });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var views = await Task.WhenAll(names.Select(name => Stack.WaitForStoreAsync(http, name, TimeSpan.FromMinutes(4))));

        Assert.All(views, v => Assert.True(v.GetProperty("status").GetString() == "ready", v.ToString()));
    }
}
