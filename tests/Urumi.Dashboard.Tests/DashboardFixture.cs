using Urumi.ClusterSim.Faults;
using Urumi.Server.Tests.EndToEnd;

namespace Urumi.Dashboard.Tests;

/// <summary>
/// One real stack for the browser tests: Urumi.Server (child process) on the Azurite of
/// build/test.sh, the real helm, and the cluster simulator, where every pod of the store
/// <c>broken</c> fails to pull its image.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IDisposable? fault;

    internal Stack Stack { get; private set; } = null!;

    public Uri BaseAddress => Stack.Servers[0].BaseAddress;

    public string ServerOutput => Stack.Servers[0].Output;

    public async Task InitializeAsync()
    {
        Stack = await Stack.StartAsync();
        fault = Stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Namespace = "store-broken" });
    }

    public async Task DisposeAsync()
    {
        fault?.Dispose();
        await Stack.DisposeAsync();
    }
}
