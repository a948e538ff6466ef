using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;
using Urumi.Server.Hosting;
using Urumi.Testing;

namespace Urumi.Server.Tests.Hosting;

/// <summary>The Server's drain and sweeper over a moq'd claims port and task hub (the sweeper on a fake clock).</summary>
public sealed class QueuedStartServicesTests
{
    private static readonly QueuedStart Start = new("shop1", "provision-shop1", "ProvisionStore", "{}", DateTimeOffset.UnixEpoch, Scheduled: false, "v1");
    private static readonly QueuedStart Leased = Start with { Version = "v2" };

    private readonly Mock<IOperationClaims> claims = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch.AddMinutes(1));
    private readonly QueuedStartOptions settings = new();
    private readonly TaskCompletionSource<QueuedStart> marked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QueuedStartServicesTests()
    {
        claims.Setup(c => c.TryLeaseAsync(Start, It.IsAny<CancellationToken>())).ReturnsAsync(Leased);
        claims.Setup(c => c.MarkScheduledAsync(It.IsAny<QueuedStart>(), It.IsAny<CancellationToken>()))
            .Callback((QueuedStart s, CancellationToken _) => marked.TrySetResult(s)).ReturnsAsync(true);
    }

    [Fact]
    public async Task Drain_StartQueued_SchedulesItAndMarksItUnderItsLease()
    {
        var queue = new QueuedStarts();
        using var drain = new QueuedStartDrain(queue, Scheduler(), client.Object, Options.Create(settings), NullLogger<QueuedStartDrain>.Instance);
        await drain.StartAsync(CancellationToken.None);

        Assert.True(queue.TryEnqueue(Start));

        Assert.Equal(Leased, await marked.Task.WaitAsync(Eventually.DefaultTimeout));
        await drain.StopAsync(CancellationToken.None);
        Assert.False(queue.TryEnqueue(Start));
        VerifyScheduledOnce();
    }

    [Fact]
    public async Task Sweep_NothingPendingAtStartThenAStartOldEnough_SchedulesItAfterOnePeriod()
    {
        var firstSweep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        claims.SetupSequence(c => c.ListPendingAsync(settings.PendingAge, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                firstSweep.TrySetResult();
                return Task.FromResult(Array.Empty<QueuedStart>());
            })
            .ReturnsAsync([Start]);
        using var sweep = new PendingStartSweep(claims.Object, Scheduler(), client.Object, Options.Create(settings), time, NullLogger<PendingStartSweep>.Instance);
        await sweep.StartAsync(CancellationToken.None);
        await firstSweep.Task.WaitAsync(Eventually.DefaultTimeout);
        Assert.False(marked.Task.IsCompleted);

        time.Advance(settings.SweepPeriod);

        Assert.Equal(Leased, await marked.Task.WaitAsync(Eventually.DefaultTimeout));
        await sweep.StopAsync(CancellationToken.None);
        VerifyScheduledOnce();
        client.Verify(c => c.GetInstanceAsync("provision-shop1", false, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Sweep_AnotherReplicaHoldsTheLease_SchedulesNothing()
    {
        claims.Setup(c => c.ListPendingAsync(settings.PendingAge, It.IsAny<CancellationToken>())).ReturnsAsync([Start]);
        var leaseTried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        claims.Setup(c => c.TryLeaseAsync(Start, It.IsAny<CancellationToken>())).Callback(() => leaseTried.TrySetResult()).ReturnsAsync((QueuedStart?)null);
        using var sweep = new PendingStartSweep(claims.Object, Scheduler(), client.Object, Options.Create(settings), time, NullLogger<PendingStartSweep>.Instance);

        await sweep.StartAsync(CancellationToken.None);
        await leaseTried.Task.WaitAsync(Eventually.DefaultTimeout);
        await sweep.StopAsync(CancellationToken.None);

        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        claims.Verify(c => c.MarkScheduledAsync(It.IsAny<QueuedStart>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private QueuedStartScheduler Scheduler() =>
        new(claims.Object, TestMetrics.Create(), Options.Create(settings), time, NullLogger<QueuedStartScheduler>.Instance);

    private void VerifyScheduledOnce() =>
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName("ProvisionStore"), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "provision-shop1"), It.IsAny<CancellationToken>()), Times.Once);
}
