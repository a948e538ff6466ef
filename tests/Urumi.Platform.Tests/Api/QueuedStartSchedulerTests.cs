using Azure.Data.Tables;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;
using Urumi.Testing;

namespace Urumi.Platform.Tests.Api;

/// <summary>
/// Scheduling a start the claim carries, over the real claims table (Azurite) and a moq'd task hub:
/// schedulers racing on one start schedule it once, an instance already there is only marked, and a
/// refused or failed schedule is read as the task hub meant it.
/// </summary>
public sealed class QueuedStartSchedulerTests
{
    private const string Input = """{"spec":{"name":"shop1"}}""";
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly TableOperationClaims claims = new(new TableServiceClient(Azurite.ConnectionString), Azurite.UniqueTableName("Queued"), TimeProvider.System);
    private readonly QueuedStartScheduler scheduler;
    private int scheduled;

    public QueuedStartSchedulerTests()
    {
        scheduler = new QueuedStartScheduler(claims, TestMetrics.Create(), Options.Create(new QueuedStartOptions()), TimeProvider.System, NullLogger<QueuedStartScheduler>.Instance);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                Interlocked.Increment(ref scheduled);
                await Task.Yield();
                return "provision-shop1";
            });
    }

    [Fact]
    public async Task Schedule_TwoSweepersOnOnePendingStart_SchedulesItOnce()
    {
        var start = await ClaimAsync();

        var results = await Task.WhenAll(
            scheduler.ScheduleAsync(client.Object, start, checkFirst: true, attempts: 1, CancellationToken.None),
            scheduler.ScheduleAsync(client.Object, start, checkFirst: true, attempts: 1, CancellationToken.None));

        Assert.Equal(1, scheduled);
        Assert.Single(results, r => r);
        Assert.Empty(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Schedule_SweeperAfterTheDrainMarkedIt_SchedulesNothing()
    {
        var start = await ClaimAsync();
        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: false, attempts: 1, CancellationToken.None));

        Assert.False(await scheduler.ScheduleAsync(client.Object, start, checkFirst: true, attempts: 1, CancellationToken.None));
        Assert.Equal(1, scheduled);
    }

    [Fact]
    public async Task Schedule_InstanceCreatedSinceTheAcceptance_OnlyMarksItScheduled()
    {
        var start = await ClaimAsync();
        client.Setup(c => c.GetInstanceAsync("provision-shop1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Running, CreatedAt = start.AcceptedAt.AddSeconds(1) });

        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: true, attempts: 1, CancellationToken.None));

        Assert.Equal(0, scheduled);
        Assert.True((await claims.FindStartAsync("shop1", CancellationToken.None))!.Scheduled);
    }

    [Fact]
    public async Task Schedule_EarlierRunOfTheSameIdOnly_SchedulesTheNewRun()
    {
        var start = await ClaimAsync();
        client.Setup(c => c.GetInstanceAsync("provision-shop1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Failed, CreatedAt = start.AcceptedAt.AddHours(-1) });

        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: true, attempts: 1, CancellationToken.None));

        Assert.Equal(1, scheduled);
    }

    [Fact]
    public async Task Schedule_TaskHubSaysAlreadyRunning_CountsAsScheduled()
    {
        var start = await ClaimAsync();
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.AlreadyExists, "exists")));

        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: false, attempts: 1, CancellationToken.None));

        Assert.Empty(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Schedule_FirstAttemptFails_RetriesUnderANewLeaseAndMarks()
    {
        var start = await ClaimAsync();
        client.SetupSequence(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "storage busy")))
            .ReturnsAsync("provision-shop1");

        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: false, attempts: 2, CancellationToken.None));

        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(ProvisionStoreWorkflow.Name), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "provision-shop1"), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.True((await claims.FindStartAsync("shop1", CancellationToken.None))!.Scheduled);
    }

    [Fact]
    public async Task Schedule_EveryAttemptFails_ThrowsAndLeavesTheStartPending()
    {
        var start = await ClaimAsync();
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "storage down")));

        await Assert.ThrowsAsync<RpcException>(() => scheduler.ScheduleAsync(client.Object, start, checkFirst: false, attempts: 1, CancellationToken.None));

        Assert.Single(await claims.ListPendingAsync(TimeSpan.Zero, CancellationToken.None));
    }

    private async Task<QueuedStart> ClaimAsync()
    {
        var (start, holder) = await claims.TryClaimWithStartAsync(client.Object, "shop1", "provision-shop1", ProvisionStoreWorkflow.Name, Input, CancellationToken.None);
        Assert.Null(holder);
        return start!;
    }
}
