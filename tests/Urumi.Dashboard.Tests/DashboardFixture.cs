using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Dashboard.Tests;

/// <summary>
/// One real stack for the browser tests: Urumi.Server (child process) on the Azurite of
/// build/test.sh, the real helm, and the cluster simulator, where every pod of the store
/// <c>broken</c> fails to pull its image and those of <c>slow</c> take 20 s to become ready (longer than one 10 s readiness slice, so a not-ready report is published).
/// As <c>./urumi up --simulate</c> does, store links carry the simulator's ingress port
/// (<see cref="PublicUrl"/>), so the browser opens the emulated shops at <c>http://{name}.localhost:{port}/</c>.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IDisposable? broken;
    private IDisposable? slow;

    internal Stack Stack { get; private set; } = null!;

    public Uri BaseAddress => Stack.Servers[0].BaseAddress;

    public string ServerOutput => Stack.Servers[0].Output;

    /// <summary>The <c>Urumi:Stores:PublicUrl</c> the server runs with.</summary>
    public string PublicUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ingressPort = Ports.Free();
        PublicUrl = $"http://{{host}}:{ingressPort}/";
        Stack = await Stack.StartAsync(
            HostKind.Server,
            new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(300), IngressPort = ingressPort },
            new Dictionary<string, string> { ["Urumi__Stores__PublicUrl"] = PublicUrl });
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
