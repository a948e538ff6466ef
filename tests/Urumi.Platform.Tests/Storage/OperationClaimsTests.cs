using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Urumi.Platform.Tests.Audit;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Storage;

/// <summary>Operation claims against real Azurite: one winner under concurrency, stale claims are taken over, a release frees only the releaser's claim.</summary>
public sealed class OperationClaimsTests
{
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly TableOperationClaims claims;

    public OperationClaimsTests()
    {
        claims = new TableOperationClaims(new TableServiceClient(Azurite.ConnectionString), Azurite.UniqueTableName("Claims"), time);
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

    [Fact]
    public async Task Release_ByTheHolder_FreesTheStoreAtOnce()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "batch-1", CancellationToken.None);

        await claims.ReleaseAsync("shop1", "batch-1", CancellationToken.None);

        Assert.Null(await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None));
    }

    [Fact]
    public async Task Release_ByAnotherOperation_LeavesTheClaim()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None);

        await claims.ReleaseAsync("shop1", "batch-1", CancellationToken.None);
        await claims.ReleaseAsync("shop2", "batch-1", CancellationToken.None);

        Assert.Equal("provision-shop1", await claims.TryClaimAsync(client.Object, "shop1", "delete-shop1", CancellationToken.None));
    }

    [Fact]
    public async Task TryClaimWithStart_FreeStore_RecordsAPendingStartListedOnceOldEnough()
    {
        var (start, holder) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", "ProvisionStore", "{}", CancellationToken.None);

        Assert.Null(holder);
        Assert.False(start!.Scheduled);
        Assert.Empty(await claims.ListPendingAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(10));
        var pending = Assert.Single(await claims.ListPendingAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(("shop1", "provision-shop1", "ProvisionStore", "{}"), (pending.Store, pending.InstanceId, pending.Orchestrator, pending.Input));
        Assert.Equal(start, await claims.FindStartAsync("shop1", CancellationToken.None));
    }

    [Fact]
    public async Task TryClaimWithStart_StoreHeld_ReturnsTheHolderAndNoStart()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "delete-shop1", CancellationToken.None);

        var (start, holder) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", "ProvisionStore", "{}", CancellationToken.None);

        Assert.Null(start);
        Assert.Equal("delete-shop1", holder);
    }

    [Fact]
    public async Task TryLease_TwoSchedulersWithOneVersion_OnlyOneLeases()
    {
        var (start, _) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", "ProvisionStore", "{}", CancellationToken.None);

        var leases = await Task.WhenAll(claims.TryLeaseAsync(start!, CancellationToken.None), claims.TryLeaseAsync(start!, CancellationToken.None));

        Assert.Single(leases, l => l is not null);
    }

    [Fact]
    public async Task TryClaim_PendingStartLeasedBySweeper_IsRefusedPastTheOriginalGrace()
    {
        var (start, _) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", "ProvisionStore", "{}", CancellationToken.None);
        time.Advance(TableOperationClaims.SchedulingGrace - TimeSpan.FromSeconds(5));
        Assert.NotNull(await claims.TryLeaseAsync(start!, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("provision-shop1", await claims.TryClaimAsync(client.Object, "shop1", "provision-shop1", CancellationToken.None));
        Assert.Single(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task MarkScheduled_AfterAnotherSchedulerLeased_IsRefusedAndStaysPending()
    {
        var (start, _) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", "ProvisionStore", "{}", CancellationToken.None);
        var leased = await claims.TryLeaseAsync(start!, CancellationToken.None);

        Assert.False(await claims.MarkScheduledAsync(start!, CancellationToken.None));
        Assert.Single(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(await claims.MarkScheduledAsync(leased!, CancellationToken.None));
        Assert.Empty(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True((await claims.FindStartAsync("shop1", CancellationToken.None))!.Scheduled);
    }

    [Fact]
    public async Task FindStart_PlainClaim_HasNoStart()
    {
        await claims.TryClaimAsync(client.Object, "shop1", "delete-shop1", CancellationToken.None);

        Assert.Null(await claims.FindStartAsync("shop1", CancellationToken.None));
        Assert.Null(await claims.FindStartAsync("shop2", CancellationToken.None));
    }

    private void Instance(string id, OrchestrationRuntimeStatus status, DateTimeOffset createdAt) =>
        client.Setup(c => c.GetInstanceAsync(id, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("ProvisionStore", id) { RuntimeStatus = status, CreatedAt = createdAt });
}
