using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>A host killed in the middle of an install: on restart the store still ends Ready, exactly once.</summary>
public abstract class CrashRecoveryEndToEndTests(HostKind host)
{
    [SkippableFact]
    public async Task HostKilledMidInstall_Restarted_StoreBecomesReadyWithOneCleanRelease()
    {
        // A host restart on a shared machine takes a while: the deadline is generous, as this test is
        // about recovering exactly once, not about speed.
        await using var stack = await Hosts.StartAsync(host, overrides: new Dictionary<string, string> { ["Urumi__Stores__ProvisioningDeadline"] = "00:05:00" });
        using var slowHelm = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Namespace = "store-crash", Delay = TimeSpan.FromMilliseconds(700) });
        var first = stack.Servers[0];
        using (var http = stack.Client())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("api/stores", new { name = "crash" })).StatusCode);
        }

        // Killed while helm's release is still pending-install: the install really was interrupted.
        await Helm.WaitForStatusAsync(stack.Kubeconfig, "crash", "store-crash", "pending-install", TimeSpan.FromSeconds(90));
        first.Kill();
        slowHelm.Dispose();
        await stack.StartServerAsync("worker-0", first.Port);
        using var restarted = stack.Client(1);
        var ready = await Stack.WaitForStoreAsync(restarted, "crash", TimeSpan.FromMinutes(6));

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var (exit, history) = await Helm.RunAsync(stack.Kubeconfig, "history", "crash", "-n", "store-crash", "-o", "json");
        Assert.True(exit == 0, history);
        var revisions = JsonSerializer.Deserialize<List<JsonElement>>(history)!;
        Assert.Single(revisions, r => r.GetProperty("status").GetString() == "deployed");
        Assert.DoesNotContain(revisions, r => r.GetProperty("status").GetString()!.StartsWith("pending", StringComparison.Ordinal));
        Assert.Single(stack.Cluster.Shop("crash.localhost")!.DeletedOrders);
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class CrashRecoveryOnServerTests() : CrashRecoveryEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class CrashRecoveryOnFunctionsTests() : CrashRecoveryEndToEndTests(HostKind.Functions);
