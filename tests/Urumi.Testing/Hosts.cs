using Xunit;
using Urumi.ClusterSim;

namespace Urumi.Testing;

/// <summary>How a test starts a <see cref="Stack"/> on a host: on the Functions host with none installed, it is skipped with one line saying so, and fails under CI.</summary>
public static class Hosts
{
    public static Task<Stack> StartAsync(HostKind host, SimulatorOptions? simulator = null, IReadOnlyDictionary<string, string>? overrides = null, int servers = 1)
    {
        if (host == HostKind.Functions && FunctionsHost.Instance is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", FunctionsHost.Missing);
            Skip.If(true, FunctionsHost.Missing);
        }

        return Stack.StartAsync(host, simulator, overrides, servers);
    }
}
