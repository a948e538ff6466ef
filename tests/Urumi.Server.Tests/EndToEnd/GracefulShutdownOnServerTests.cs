using System.Net;
using System.Text.Json;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// SIGTERM while storage is gone: Urumi.Server stops within its configured shutdown grace, names the
/// work it abandoned, and another replica finishes that work once storage is back. Urumi.Server only:
/// on the Functions host the Functions runtime owns shutdown (docs/reliability.md).
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class GracefulShutdownOnServerTests
{
    [SkippableFact]
    public async Task Sigterm_StorageGoneMidInstall_ExitsNamingAbandonedWorkAndAnotherReplicaFinishesIt()
    {
        await using var storage = await AzuriteProcess.StartNewAsync();
        await using var stack = await Stack.StartAsync(HostKind.Server, overrides: new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Urumi__Server__ShutdownGrace"] = "00:00:03",
            ["Urumi__Stores__ProvisioningDeadline"] = "00:05:00",
        });
        // helm's first write of a Deployment (create, or patch with server-side apply) hangs for 45 s:
        // the install activity is surely in flight when storage goes and SIGTERM comes (its release
        // already pending-install).
        using var slowCreate = stack.Cluster.Faults.Add(SlowWrite("create"));
        using var slowApply = stack.Cluster.Faults.Add(SlowWrite("patch"));
        var first = stack.Servers[0];
        using (var http = stack.Client())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name = "drain" })).StatusCode);
        }

        await Helm.WaitForStatusAsync(stack.Kubeconfig, "drain", "store-drain", "pending-install", TimeSpan.FromSeconds(90));
        await storage.StopAsync();
        first.Terminate();

        // The bound is generous: what is asserted is that the process exits on its own, by the grace path,
        // naming the install whose work item it held (helm still running, or its result not stored).
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.Contains("Shutdown grace of 00:00:03 ran out", first.Output, StringComparison.Ordinal);
        Assert.Matches(@"abandoning [1-9]\d* in-flight activities: .*InstallRelease \(\S+\)", first.Output);

        await storage.StartAsync();
        await stack.StartServerAsync("worker-1");
        using var second = stack.Client(1);
        var ready = await Stack.WaitForStoreAsync(second, "drain", TimeSpan.FromMinutes(6));

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var (exit, history) = await Helm.RunAsync(stack.Kubeconfig, "history", "drain", "-n", "store-drain", "-o", "json");
        Assert.True(exit == 0, history);
        var revisions = JsonSerializer.Deserialize<List<JsonElement>>(history)!;
        Assert.Single(revisions, r => r.GetProperty("status").GetString() == "deployed");
        Assert.DoesNotContain(revisions, r => r.GetProperty("status").GetString()!.StartsWith("pending", StringComparison.Ordinal));
    }

    private static FaultRule SlowWrite(string verb) => new()
    {
        Kind = FaultKind.Latency, Namespace = "store-drain", Verb = verb, Resource = "deployments", Count = 1, Delay = TimeSpan.FromSeconds(45),
    };
}
