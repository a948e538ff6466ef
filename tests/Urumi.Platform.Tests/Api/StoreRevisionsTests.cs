using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Platform.Api;

namespace Urumi.Platform.Tests.Api;

public sealed class StoreRevisionsTests
{
    private static readonly Actor Alice = new("alice", ActorRole.Member);
    private static readonly Actor Bob = new("bob", ActorRole.Member);
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<IHelm> helm = new(MockBehavior.Strict);
    private readonly StoreRevisions revisions;

    public StoreRevisionsTests()
    {
        var name = StoreName.Parse("shop1");
        cluster.Setup(c => c.GetStoreAsync(name, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ManagedStore(name, "store-shop1", "woocommerce", "medium", "alice", "shop1.localhost", StoreStatus.Ready, null, DateTimeOffset.UtcNow, null, false));
        revisions = new StoreRevisions(cluster.Object, helm.Object, Options.Create(new StoreApiOptions()));
    }

    [Fact]
    public async Task ListAsync_OwnStoreWithTwoRevisions_NewestFirstWithChartVersionPlanAndStatus()
    {
        helm.Setup(h => h.HistoryAsync("shop1", "store-shop1", StoreRevisions.Shown, It.IsAny<CancellationToken>())).ReturnsAsync([
            new HelmRevision(1, HelmReleaseStatus.Superseded, DateTimeOffset.UtcNow, "Install complete", "urumi-store-0.1.0"),
            new HelmRevision(2, HelmReleaseStatus.Deployed, DateTimeOffset.UtcNow, "Upgrade complete", "urumi-store-0.2.0-rc.1"),
        ]);
        helm.Setup(h => h.ValuesAsync("shop1", "store-shop1", 1, It.IsAny<CancellationToken>())).ReturnsAsync("""{"store":{"plan":"small"}}""");
        helm.Setup(h => h.ValuesAsync("shop1", "store-shop1", 2, It.IsAny<CancellationToken>())).ReturnsAsync("""{"store":{"plan":"medium"}}""");

        var result = await revisions.ListAsync("shop1", Alice, CancellationToken.None);

        Assert.Equal(200, result.Status);
        var list = Assert.IsType<RevisionList>(result.Body);
        Assert.Equal([2, 1], list.Revisions.Select(r => r.Revision));
        Assert.Equal(["0.2.0-rc.1", "0.1.0"], list.Revisions.Select(r => r.ChartVersion));
        Assert.Equal(["medium", "small"], list.Revisions.Select(r => r.Plan));
        Assert.Equal(["deployed", "superseded"], list.Revisions.Select(r => r.Status));
    }

    [Fact]
    public async Task ListAsync_AnotherOwnersStore_AnswersAsMissingWithoutAskingHelm()
    {
        var result = await revisions.ListAsync("shop1", Bob, CancellationToken.None);

        Assert.Equal(404, result.Status);
        helm.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ListAsync_InvalidName_ProblemWithoutTouchingAnything()
    {
        var result = await revisions.ListAsync("Not_A_Name", Alice, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal("application/problem+json", result.ContentType);
        cluster.VerifyNoOtherCalls();
        helm.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("""{"store":{"plan":"small"}}""", "small")]
    [InlineData("""{"replicas":2}""", null)]
    [InlineData("null", null)]
    public void PlanOf_Values_ReadsStorePlan(string json, string? expected) =>
        Assert.Equal(expected, StoreRevisions.PlanOf(json));
}
