using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

public sealed class BulkUpgradeApiTests
{
    private static readonly Actor Admin = new("root", ActorRole.Admin);
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<IHelm> helm = new();
    private readonly Mock<DurableTaskClient> client = new Mock<DurableTaskClient>("test").WithLive();
    private readonly Mock<IOperationClaims> claims = new();
    private readonly BulkUpgradeApi api;

    public BulkUpgradeApiTests()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([
            Store("shopa1", "small", StoreStatus.Ready), Store("shopa2", "small", StoreStatus.Ready), Store("shopa3", "medium", StoreStatus.Ready), Store("shopa4", "small", StoreStatus.Failed),
        ]);
        api = ApiHandlers.BulkUpgrade(cluster.Object, helm.Object, claims.Object, new StoreApiOptions { BaseDomain = "shops.test" });
    }

    [Fact]
    public async Task Start_SmallStoresToMedium_OneBulkOperationOverTheReadySmallStoresWithWindowAndStopRule()
    {
        var result = await api.StartAsync(client.Object, new BulkUpgradeRequest("medium", null, new BulkSelector(null, "small"), 2, 1), Admin, CancellationToken.None);

        Assert.Equal(202, result.Status);
        var body = Assert.IsType<BatchAccepted>(result.Body);
        Assert.Equal(["shopa1", "shopa2"], body.Stores);
        Assert.Equal("bulk-upgrade", body.Operation.Kind);
        Assert.Equal(body.Operation.Href, result.Headers["Location"]);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(BulkUpgradeWorkflow.Name),
            It.Is<object>(o => o is BulkUpgradeInput && ((BulkUpgradeInput)o).Window == 2 && ((BulkUpgradeInput)o).StopAfterFailures == 1
                && ((BulkUpgradeInput)o).Stores.All(s => s.Spec.Plan == "medium" && s.FromPlan == "small")),
            It.IsAny<StartOrchestrationOptions>(),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Start_Member_Returns403()
    {
        var result = await api.StartAsync(client.Object, new BulkUpgradeRequest("medium", null, null, null, null), new Actor("alice", ActorRole.Member), CancellationToken.None);

        Assert.Equal(403, result.Status);
        VerifyNothingScheduled();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task Start_WindowOutOfRange_Returns400(int window)
    {
        var result = await api.StartAsync(client.Object, new BulkUpgradeRequest("medium", null, null, window, null), Admin, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Contains("window", result.Serialize(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Start_EverySelectedStoreHasThePlanAlready_Returns409NothingToChange()
    {
        var result = await api.StartAsync(client.Object, new BulkUpgradeRequest("medium", null, new BulkSelector("woocommerce", "medium"), null, null), Admin, CancellationToken.None);

        Assert.Equal(409, result.Status);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Start_ReleaseNotDeployedNow_UpgradeRollsBackToTheLastDeployedRevision()
    {
        // shopa1's last upgrade failed: revision 3 is the failed one, 2 the last that was deployed.
        helm.Setup(h => h.GetAsync("shopa1", "store-shopa1", It.IsAny<CancellationToken>())).ReturnsAsync(new HelmRelease("shopa1", "store-shopa1", 3, HelmReleaseStatus.Failed, "urumi-store-0.1.0", null, null));
        helm.Setup(h => h.LastDeployedRevisionAsync("shopa1", "store-shopa1", It.IsAny<CancellationToken>())).ReturnsAsync(2);
        helm.Setup(h => h.GetAsync("shopa2", "store-shopa2", It.IsAny<CancellationToken>())).ReturnsAsync(new HelmRelease("shopa2", "store-shopa2", 1, HelmReleaseStatus.Deployed, "urumi-store-0.1.0", null, null));

        var result = await api.StartAsync(client.Object, new BulkUpgradeRequest("medium", null, new BulkSelector(null, "small"), null, null), Admin, CancellationToken.None);

        Assert.Equal(202, result.Status);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(BulkUpgradeWorkflow.Name),
            It.Is<object>(o => o is BulkUpgradeInput
                && ((BulkUpgradeInput)o).Stores.Single(s => s.Spec.Name.Value == "shopa1").FromRevision == 2
                && ((BulkUpgradeInput)o).Stores.Single(s => s.Spec.Name.Value == "shopa2").FromRevision == 1),
            It.IsAny<StartOrchestrationOptions>(),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    private static ManagedStore Store(string name, string plan, StoreStatus phase) =>
        new(StoreName.Parse(name), "store-" + name, "woocommerce", plan, "alice", name + ".shops.test", phase, null, DateTimeOffset.UtcNow, null, false);

    private void VerifyNothingScheduled() =>
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
}
