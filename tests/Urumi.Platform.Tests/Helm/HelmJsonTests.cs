using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>helm v4 <c>-o json</c> shapes, fed through a fake helm process.</summary>
public sealed class HelmJsonTests : IDisposable
{
    private static readonly DateTimeOffset Deployed = new(2026, 1, 10, 9, 16, 40, TimeSpan.Zero);

    private readonly FakeHelm _fake = new();
    private readonly HelmCli _helm;

    public HelmJsonTests() => _helm = HelmTestEnvironment.CreateCli(new HelmOptions { BinaryPath = _fake.BinaryPath });

    [Fact]
    public async Task GetAsync_StatusJson_MapsReleaseFields()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 3, "deployed", Deployed));

        var release = await _helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None);

        Assert.NotNull(release);
        Assert.Equal("shop-a", release.Name);
        Assert.Equal("store-shop-a", release.Namespace);
        Assert.Equal(3, release.Revision);
        Assert.Equal(HelmReleaseStatus.Deployed, release.Status);
        Assert.Equal("mini-store-0.1.0", release.Chart);
        Assert.Equal("Upgrade complete", release.Description);
        Assert.Equal(Deployed, release.Updated);
        Assert.Equal(["status", "shop-a", "-n", "store-shop-a", "-o", "json"], _fake.Calls.Single());
    }

    [Theory]
    [InlineData("pending-install", HelmReleaseStatus.PendingInstall)]
    [InlineData("pending-upgrade", HelmReleaseStatus.PendingUpgrade)]
    [InlineData("pending-rollback", HelmReleaseStatus.PendingRollback)]
    [InlineData("superseded", HelmReleaseStatus.Superseded)]
    [InlineData("uninstalling", HelmReleaseStatus.Uninstalling)]
    [InlineData("failed", HelmReleaseStatus.Failed)]
    [InlineData("something-new", HelmReleaseStatus.Unknown)]
    public void ParseStatus_HelmStatusText_MapsToEnum(string text, HelmReleaseStatus expected)
    {
        var status = HelmJson.ParseStatus(text);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task GetAsync_ReleaseNotFound_ReturnsNull()
    {
        _fake.On("status", stderr: FakeHelm.NotFound, exitCode: 1);

        var release = await _helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None);

        Assert.Null(release);
    }

    [Fact]
    public async Task GetAsync_NotJson_ThrowsPermanent()
    {
        _fake.On("status", stdout: "NAME: shop-a\nSTATUS: deployed\n");

        await Assert.ThrowsAsync<PermanentException>(() => _helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_ListJson_MapsStringRevisionAndGoTimes()
    {
        _fake.On("list", stdout: HelmSamples.List);

        var releases = await _helm.ListAsync(CancellationToken.None);

        Assert.Equal(["store-a", "store-b", "store-c"], releases.Select(r => r.Name));
        Assert.Equal([3, 1, 2], releases.Select(r => r.Revision));
        Assert.Equal([HelmReleaseStatus.Deployed, HelmReleaseStatus.PendingInstall, HelmReleaseStatus.Failed], releases.Select(r => r.Status));
        Assert.Equal("mini-store-0.1.0", releases[0].Chart);
        Assert.Equal(new DateTimeOffset(2026, 1, 10, 9, 16, 40, 987, TimeSpan.Zero).AddTicks(6543), releases[0].Updated);
        Assert.Equal(new DateTimeOffset(2026, 1, 11, 18, 2, 3, 500, TimeSpan.FromHours(1)), releases[1].Updated);
        Assert.Null(releases[2].Updated);
    }

    [Fact]
    public async Task ListAsync_Always_ListsAllNamespacesAndStates()
    {
        _fake.On("list", stdout: "[]");

        var releases = await _helm.ListAsync(CancellationToken.None);

        Assert.Empty(releases);
        Assert.Equal(["list", "-A", "-o", "json", "--max", "256", "--offset", "0"], _fake.Calls.Single());
    }

    [Fact]
    public async Task UpgradeInstallAsync_UpgradeJson_ReturnsTheNewRevisionAndTheOneBefore()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 1, "deployed", Deployed))
            .On("upgrade", stdout: HelmSamples.Release("shop-a", "store-shop-a", 2, "deployed", Deployed));
        var request = new HelmInstallRequest("shop-a", "store-shop-a", "/charts/mini-store", [], new Dictionary<string, object?>(), TimeSpan.FromMinutes(1), true);

        var (release, before) = await _helm.UpgradeInstallAsync(request, CancellationToken.None);

        Assert.Equal(2, release.Revision);
        Assert.Equal(HelmReleaseStatus.Deployed, release.Status);
        Assert.Equal(1, before?.Revision);
        Assert.Equal(["status", "upgrade"], _fake.Verbs);
    }

    [Fact]
    public void ParseHistory_HistoryJson_MapsRevisionsInOrder()
    {
        var history = HelmJson.ParseHistory(HelmSamples.HistoryDeployedFailedPending);

        Assert.Equal([1, 2, 3], history.Select(h => h.Revision));
        Assert.Equal([HelmReleaseStatus.Deployed, HelmReleaseStatus.Failed, HelmReleaseStatus.PendingUpgrade], history.Select(h => h.Status));
        Assert.Equal(new DateTimeOffset(2026, 1, 10, 10, 0, 0, TimeSpan.Zero), history[1].Updated);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _fake.Dispose();
    }
}
