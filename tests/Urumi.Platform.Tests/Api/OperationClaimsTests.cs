using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Urumi.Platform.Api;
using Urumi.Platform.Tests.Audit;

namespace Urumi.Platform.Tests.Api;

/// <summary>Operation claims against real Azurite: one winner under concurrency, stale claims are taken over.</summary>
public sealed class OperationClaimsTests
{
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly TableOperationClaims claims;

    public OperationClaimsTests()
    {
        var options = Options.Create(new StoreApiOptions { ClaimsTable = Azurite.UniqueTableName("Claims") });
        claims = new TableOperationClaims(new TableServiceClient(Azurite.ConnectionString), options, time);
    }

    [Fact]
    public async Task TryClaim_TenConcurrentCallers_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None)));

        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal("provision-shop1", r));
    }

    [Fact]
    public async Task TryClaim_HolderStillRunning_IsRefusedNamingTheHolder()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);
        Instance("provision-shop1", OrchestrationRuntimeStatus.Running, time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(10));

        var holder = await claims.TryClaimAsync(client.Object, "shop1", "delete-shop1", CancellationToken.None);

        Assert.Equal("provision-shop1", holder);
    }

    [Fact]
    public async Task TryClaim_HolderFinished_IsTakenOver()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);
        Instance("provision-shop1", OrchestrationRuntimeStatus.Completed, time.GetUtcNow().AddSeconds(1));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await claims.TryClaimAsync(client.Object, "shop1", "delete-shop1", CancellationToken.None));
    }

    [Fact]
    public async Task TryClaim_HolderNotStartedYet_IsRefusedWithinTheGrace()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("provision-shop1", await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None));
    }

    [Fact]
    public async Task TryClaim_HolderNeverStarted_IsTakenOverAfterTheGrace()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);
        time.Advance(TableOperationClaims.SchedulingGrace + TimeSpan.FromSeconds(1));

        Assert.Null(await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None));
    }

    [Fact]
    public async Task TryClaim_PreviousRunOfTheSameIdFinishedBeforeTheClaim_WaitsForTheNewRun()
    {
        Instance("provision-shop1", OrchestrationRuntimeStatus.Failed, time.GetUtcNow().AddHours(-1));
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("provision-shop1", await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None));
    }

    private void Instance(string id, OrchestrationRuntimeStatus status, DateTimeOffset createdAt) =>
        client.Setup(c => c.GetInstanceAsync(id, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("ProvisionStore", id) { RuntimeStatus = status, CreatedAt = createdAt });
}
