using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>Releases left in pending-* by a killed helm, recovered before the next upgrade (fake helm records the calls).</summary>
public sealed class HelmPendingRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddHours(-2);

    private readonly FakeHelm _fake = new();
    private readonly HelmCli _helm;

    public HelmPendingRecoveryTests()
    {
        _helm = HelmTestEnvironment.CreateCli(new HelmOptions
        {
            BinaryPath = _fake.BinaryPath,
            OperationTimeout = TimeSpan.FromMinutes(5),
            StalePendingAfter = TimeSpan.FromMinutes(10),
        });
        _fake.On("upgrade", stdout: HelmSamples.Release("shop-a", "store-shop-a", 4, "deployed", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task UpgradeInstallAsync_StalePendingInstall_UninstallsThenInstalls()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 1, "pending-install", LongAgo));

        var result = await _helm.UpgradeInstallAsync(Request(), CancellationToken.None);

        Assert.Equal(["status", "uninstall", "upgrade"], _fake.Verbs);
        Assert.Null(result.Before);
        Assert.Equal("shop-a", _fake.Calls[1][1]);
    }

    [Fact]
    public async Task UpgradeInstallAsync_StalePendingUpgrade_RollsBackToLastDeployedThenUpgrades()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 3, "pending-upgrade", LongAgo))
            .On("history", stdout: HelmSamples.HistoryDeployedFailedPending);

        var result = await _helm.UpgradeInstallAsync(Request(), CancellationToken.None);

        Assert.Equal(["status", "history", "rollback", "upgrade"], _fake.Verbs);
        Assert.Equal((1, HelmReleaseStatus.Deployed), (result.Before!.Revision, result.Before.Status));
        Assert.Equal(["rollback", "shop-a", "1", "-n", "store-shop-a", "--wait", "--timeout", "300s"], _fake.Calls[2]);
    }

    [Fact]
    public async Task UpgradeInstallAsync_StalePendingRollback_RollsBackToLastGoodRevision()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 3, "pending-rollback", LongAgo))
            .On("history", stdout: HelmSamples.HistoryDeployedFailedPending);

        var result = await _helm.UpgradeInstallAsync(Request(), CancellationToken.None);

        Assert.Equal(["status", "history", "rollback", "upgrade"], _fake.Verbs);
        Assert.Equal((1, HelmReleaseStatus.Deployed), (result.Before!.Revision, result.Before.Status));
        Assert.Equal("1", _fake.Calls[2][2]);
    }

    [Fact]
    public async Task UpgradeInstallAsync_PendingButNotStale_ThrowsTransientWithoutTouchingTheRelease()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 2, "pending-upgrade", DateTimeOffset.UtcNow.AddSeconds(-30)));

        var error = await Assert.ThrowsAsync<TransientException>(() => _helm.UpgradeInstallAsync(Request(), CancellationToken.None));

        Assert.Contains("another Helm operation is still running", error.Message, StringComparison.Ordinal);
        Assert.Equal(["status"], _fake.Verbs);
    }

    [Fact]
    public async Task UpgradeInstallAsync_StalePendingUpgradeWithNoGoodRevision_ThrowsPermanent()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 2, "pending-upgrade", LongAgo))
            .On("history", stdout: """[{"revision":1,"updated":"2026-01-10T09:15:02Z","status":"failed","chart":"mini-store-0.1.0","app_version":"6.8.3","description":"Install failed"}]""");

        var error = await Assert.ThrowsAsync<PermanentException>(() => _helm.UpgradeInstallAsync(Request(), CancellationToken.None));

        Assert.Contains("no earlier deployed revision", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("upgrade", _fake.Verbs);
    }

    [Fact]
    public async Task UpgradeInstallAsync_DeployedRelease_UpgradesWithoutRecovery()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 3, "deployed", LongAgo));

        await _helm.UpgradeInstallAsync(Request(), CancellationToken.None);

        Assert.Equal(["status", "upgrade"], _fake.Verbs);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _fake.Dispose();
    }

    private static HelmInstallRequest Request() =>
        new("shop-a", "store-shop-a", "/charts/mini-store", [], new Dictionary<string, object?>(), TimeSpan.FromMinutes(5), Wait: true);
}
