using Urumi.Testing.Chaos;
using Xunit.Abstractions;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// The chaos harness's small CI profile (the long one is bash bench/chaos.sh): a fixed seed, 5 stores,
/// 2 Urumi.Server replicas, 150 s of faults (a helm process killed mid-upgrade among them); every invariant must hold. Urumi.Server only: the Functions
/// host runs one instance per stack (docs/reliability.md).
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class ChaosProfileOnServerTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Chaos_FixedSeedFiveStoresTwoReplicas_EveryInvariantHolds()
    {
        var options = new ChaosOptions { Stores = 5, Servers = 2, Duration = TimeSpan.FromSeconds(150), Seed = 17, Settle = TimeSpan.FromMinutes(4) };

        var report = await new ChaosRun(options, output.WriteLine).RunAsync();

        foreach (var line in report.Invariants.Select(i => i.ToString()).Concat(report.Figures()))
        {
            output.WriteLine(line);
        }

        Assert.True(report.AllHold, string.Join('\n', report.Invariants.Where(i => !i.Holds)));
        Assert.NotEmpty(report.Faults);
        Assert.Contains("helm killed mid-upgrade", report.Faults);
    }
}
