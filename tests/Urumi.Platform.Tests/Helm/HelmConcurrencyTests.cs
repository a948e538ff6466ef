using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>The install cap and the per-release lock, observed as overlapping fake helm processes.</summary>
public sealed class HelmConcurrencyTests : IDisposable
{
    private readonly FakeHelm _fake = new();

    [Fact]
    public async Task UpgradeInstallAsync_MoreRequestsThanTheCap_RunsAtMostCapAtOnce()
    {
        _fake.On("status", stderr: FakeHelm.NotFound, exitCode: 1)
            .On("upgrade", stdout: HelmSamples.Release("shop", "ns", 1, "deployed", DateTimeOffset.UtcNow), sleepSeconds: 0.4);
        using var helm = Cli(maxConcurrentInstalls: 2);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => helm.UpgradeInstallAsync(Request($"shop-{i}"), CancellationToken.None)));

        Assert.Equal(6, _fake.Verbs.Count(v => v == "upgrade"));
        Assert.InRange(_fake.MaxOverlap(), 1, 2);
    }

    [Fact]
    public async Task UninstallAsync_SameReleaseInParallel_RunsOneAtATime()
    {
        _fake.On("uninstall", sleepSeconds: 0.3);
        using var helm = Cli(maxConcurrentInstalls: 4);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => helm.UninstallAsync("shop-a", "store-shop-a", CancellationToken.None)));

        Assert.Equal(3, _fake.Verbs.Count);
        Assert.Equal(1, _fake.MaxOverlap());
    }

    public void Dispose() => _fake.Dispose();

    private HelmCli Cli(int maxConcurrentInstalls) => HelmTestEnvironment.CreateCli(new HelmOptions
    {
        BinaryPath = _fake.BinaryPath,
        MaxConcurrentInstalls = maxConcurrentInstalls,
    });

    private static HelmInstallRequest Request(string release) =>
        new(release, "store-" + release, "/charts/mini-store", [], new Dictionary<string, object?> { ["store"] = new Dictionary<string, object?> { ["name"] = release } }, TimeSpan.FromMinutes(1), Wait: false);
}
