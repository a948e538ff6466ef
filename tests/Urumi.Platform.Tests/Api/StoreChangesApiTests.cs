using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>PATCH /api/stores/{name} and POST /api/stores/{name}/rollback as both hosts answer them (moq'd cluster, helm, task hub and claims).</summary>
public sealed class StoreChangesApiTests
{
    private static readonly Actor Alice = new("alice", ActorRole.Member);
    private static readonly Actor Bob = new("bob", ActorRole.Member);
    private static readonly Actor Admin = new("root", ActorRole.Admin);
    private static readonly StoreName Shop1 = StoreName.Parse("shop1");
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<IHelm> helm = new(MockBehavior.Strict);
    private readonly Mock<DurableTaskClient> client = new Mock<DurableTaskClient>("test").WithLive();
    private readonly Mock<IOperationClaims> claims = new();
    private readonly StoreChangesApi api;

    public StoreChangesApiTests()
    {
        HasStore(StoreStatus.Ready);
        helm.Setup(h => h.GetAsync("shop1", "store-shop1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new HelmRelease("shop1", "store-shop1", 1, HelmReleaseStatus.Deployed, "urumi-store-0.1.0", DateTimeOffset.UtcNow, "Install complete"));
        api = ApiHandlers.Changes(cluster.Object, helm.Object, claims.Object, new StoreApiOptions { BaseDomain = "shops.test" });
    }

    [Fact]
    public async Task Upgrade_OwnReadyStoreToMedium_Accepted202WithUpgradeOperationAndLocation()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/upgrade-shop1", result.Headers["Location"]);
        Assert.True(result.Headers.ContainsKey("Retry-After"));
        var view = Assert.IsType<StoreView>(result.Body);
        Assert.Equal(("upgrade", "/api/operations/upgrade-shop1"), (view.Operation!.Kind, view.Operation.Href));
        Assert.Equal(StoreStatus.Ready, view.Status);
        Assert.Equal("small", view.Plan);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(UpgradeStoreWorkflow.Name),
            It.Is<object>(o => o is UpgradeStoreInput && ((UpgradeStoreInput)o).Spec.Plan == "medium" && ((UpgradeStoreInput)o).Spec.Owner == "alice" && ((UpgradeStoreInput)o).FromPlan == "small" && ((UpgradeStoreInput)o).FromRevision == 1),
            It.Is<StartOrchestrationOptions>(s => s.InstanceId == "upgrade-shop1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Upgrade_AnotherOperationHoldsTheStore_Returns409PointingAtIt()
    {
        claims.Setup(c => c.TryClaimAsync(client.Object, "shop1", "upgrade-shop1", It.IsAny<CancellationToken>())).ReturnsAsync("rollback-shop1");

        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.OperationRunning, Json(result).GetProperty("type").GetString());
        Assert.Equal("/api/operations/rollback-shop1", result.Headers["Location"]);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_SamePlan_Returns409NothingWouldChange()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("small", null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.NothingToChange, Json(result).GetProperty("type").GetString());
        Assert.Contains("already has plan 'small'", Json(result).GetProperty("detail").GetString(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_UnknownPlan_Returns400ListingTheEnginesPlans()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("huge", null), Alice, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("application/problem+json", result.ContentType);
        Assert.Contains("small, medium", result.Serialize(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_AnotherOwnersStore_AnswersAsMissing()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Bob, CancellationToken.None);

        Assert.Equal(404, result.Status);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_StoreStillProvisioning_Returns409SayingOnlyReadyStores()
    {
        HasStore(StoreStatus.Provisioning);

        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Contains("only a Ready store", Json(result).GetProperty("detail").GetString(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_FailedStoreWhoseLastUpgradeFailed_Accepted202()
    {
        HasStore(StoreStatus.Failed);
        var now = DateTimeOffset.UtcNow;
        HasInstance(ProvisionStoreWorkflow.Name, "provision-shop1", OrchestrationRuntimeStatus.Completed, now.AddMinutes(-10));
        HasInstance(UpgradeStoreWorkflow.Name, "upgrade-shop1", OrchestrationRuntimeStatus.Failed, now.AddMinutes(-1));

        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/upgrade-shop1", result.Headers["Location"]);
    }

    [Fact]
    public async Task Upgrade_FailedStoreWhoseCreateFailedLast_Returns409SayingCreateItAgain()
    {
        HasStore(StoreStatus.Failed);
        var now = DateTimeOffset.UtcNow;
        HasInstance(UpgradeStoreWorkflow.Name, "upgrade-shop1", OrchestrationRuntimeStatus.Failed, now.AddMinutes(-10));
        HasInstance(ProvisionStoreWorkflow.Name, "provision-shop1", OrchestrationRuntimeStatus.Failed, now.AddMinutes(-1));

        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.StoreNotChangeable, Json(result).GetProperty("type").GetString());
        Assert.Contains("Create it again", Json(result).GetProperty("detail").GetString(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_StoreBeingDeleted_Returns409PointingAtTheDelete()
    {
        HasStore(StoreStatus.Deleting);
        HasInstance(DeleteStoreWorkflow.Name, "delete-shop1", OrchestrationRuntimeStatus.Running, DateTimeOffset.UtcNow);

        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.OperationRunning, Json(result).GetProperty("type").GetString());
        Assert.Equal("/api/operations/delete-shop1", result.Headers["Location"]);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_ChartVersionFromAMember_Returns403()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest("medium", "0.1.0"), Alice, CancellationToken.None);

        Assert.Equal(403, result.Status);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_ChartVersionThatDoesNotExist_Returns400NamingTheAvailableOne()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest(null, "9.9.9"), Admin, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Contains("available: 0.1.0", result.Serialize(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Upgrade_AdminGivesTheChartsOwnVersion_Accepted()
    {
        var result = await api.UpgradeAsync(client.Object, "shop1", new UpgradeStoreRequest(null, "0.1.0"), Admin, CancellationToken.None);

        Assert.Equal(202, result.Status);
    }

    [Fact]
    public async Task Rollback_NoRevisionGiven_StartsRollbackToThePreviousDeployedRevisionWithItsPlan()
    {
        History((1, HelmReleaseStatus.Superseded), (2, HelmReleaseStatus.Failed), (3, HelmReleaseStatus.Superseded), (4, HelmReleaseStatus.Deployed));
        helm.Setup(h => h.ValuesAsync("shop1", "store-shop1", 3, It.IsAny<CancellationToken>())).ReturnsAsync("""{"store":{"plan":"medium"}}""");

        var result = await api.RollbackAsync(client.Object, "shop1", new RollbackStoreRequest(null), Alice, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/rollback-shop1", result.Headers["Location"]);
        Assert.Equal("rollback", Assert.IsType<StoreView>(result.Body).Operation!.Kind);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(RollbackStoreWorkflow.Name),
            It.Is<object>(o => o is RollbackStoreInput && ((RollbackStoreInput)o).Revision == 3 && ((RollbackStoreInput)o).Plan == "medium" && ((RollbackStoreInput)o).FromRevision == 4),
            It.Is<StartOrchestrationOptions>(s => s.InstanceId == "rollback-shop1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Rollback_RevisionThatDoesNotExist_Returns400NamingTheOnesThatDo()
    {
        History((1, HelmReleaseStatus.Superseded), (2, HelmReleaseStatus.Deployed));

        var result = await api.RollbackAsync(client.Object, "shop1", new RollbackStoreRequest(7), Alice, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Contains("Revisions to roll back to: 1 (current: 2)", result.Serialize(), StringComparison.Ordinal);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Rollback_OnlyOneRevision_Returns409NothingToRollBack()
    {
        History((1, HelmReleaseStatus.Deployed));

        var result = await api.RollbackAsync(client.Object, "shop1", new RollbackStoreRequest(null), Alice, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.NothingToChange, Json(result).GetProperty("type").GetString());
        VerifyNothingScheduled();
    }

    private void HasStore(StoreStatus phase) =>
        cluster.Setup(c => c.GetStoreAsync(Shop1, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ManagedStore(Shop1, "store-shop1", "woocommerce", "small", "alice", "shop1.shops.test", phase, null, DateTimeOffset.UtcNow, null, false));

    private void HasInstance(string workflow, string id, OrchestrationRuntimeStatus status, DateTimeOffset updated) =>
        client.Setup(c => c.GetInstanceAsync(id, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(workflow, id) { RuntimeStatus = status, LastUpdatedAt = updated });

    private void History(params (int Revision, HelmReleaseStatus Status)[] revisions) =>
        helm.Setup(h => h.HistoryAsync("shop1", "store-shop1", StoreChangesApi.RollbackHistory, It.IsAny<CancellationToken>()))
            .ReturnsAsync(revisions.Select(r => new HelmRevision(r.Revision, r.Status, DateTimeOffset.UtcNow, null, "urumi-store-0.1.0")).ToList());

    private static JsonElement Json(ApiResult result) => JsonDocument.Parse(result.Serialize()).RootElement;

    private void VerifyNothingScheduled() =>
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
}
