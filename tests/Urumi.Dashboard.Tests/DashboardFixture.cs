using Urumi.ClusterSim.Faults;
using Urumi.Server.Tests.EndToEnd;

namespace Urumi.Dashboard.Tests;

/// <summary>
/// One real stack for the browser tests: Urumi.Server (child process) on the Azurite of
/// build/test.sh, the real helm, and the cluster simulator, where every pod of the store
/// <c>broken</c> fails to pull its image and those of <c>slow</c> take 20 s to become ready (longer than one 10 s readiness slice, so a not-ready report is published).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IDisposable? broken;
    private IDisposable? slow;

    internal Stack Stack { get; private set; } = null!;

    public Uri BaseAddress => Stack.Servers[0].BaseAddress;

    public string ServerOutput => Stack.Servers[0].Output;

    public async Task InitializeAsync()
    {
        Stack = await Stack.StartAsync();
        broken = Stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Namespace = "store-broken" });
        slow = Stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = "store-slow", Delay = TimeSpan.FromSeconds(20) });
    }

    public async Task DisposeAsync()
    {
        broken?.Dispose();
        slow?.Dispose();
        await Stack.DisposeAsync();
    }
}
