using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>What the cleanup rolls a stuck release back to (fake helm answers status and history).</summary>
public sealed class HelmLastDeployedRevisionTests : IDisposable
{
    private readonly FakeHelm _fake = new();
    private readonly HelmCli _helm;

    public HelmLastDeployedRevisionTests() =>
        _helm = HelmTestEnvironment.CreateCli(new HelmOptions { BinaryPath = _fake.BinaryPath });

    [Fact]
    public async Task LastDeployedRevisionAsync_PendingAfterDeployedAndFailed_ReturnsTheDeployedOne()
    {
        _fake.On("status", stdout: HelmSamples.Release("shop-a", "store-shop-a", 3, "pending-upgrade", DateTimeOffset.UtcNow.AddHours(-1)))
            .On("history", stdout: HelmSamples.HistoryDeployedFailedPending);

        var revision = await _helm.LastDeployedRevisionAsync("shop-a", "store-shop-a", CancellationToken.None);

        Assert.Equal(1, revision);
    }

    [Fact]
    public async Task LastDeployedRevisionAsync_NoRelease_ReturnsNull()
    {
        _fake.On("status", exitCode: 1, stderr: FakeHelm.NotFound);

        Assert.Null(await _helm.LastDeployedRevisionAsync("shop-a", "store-shop-a", CancellationToken.None));
        Assert.DoesNotContain("history", _fake.Verbs);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _fake.Dispose();
    }
}
