using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Urumi.Platform.Cleanup;

namespace Urumi.Platform.Tests.Cleanup;

/// <summary>The task-hub port against the in-process durable host and the pinned client.</summary>
public sealed class DurableTaskOperationHistoryTests : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;

    public async Task InitializeAsync() =>
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<string, string>("Wait", async (context, input) =>
            {
                if (input == "wait")
                {
                    await context.WaitForExternalEvent<string>("go");
                }

                return input!;
            }),
            new DurableTaskTestHostOptions { Port = Ports.Free() });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ListLiveAsync_RunningAndFinished_ListsOnlyTheRunning()
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "wait", new StartOrchestrationOptions("provision-live"));
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "done", new StartOrchestrationOptions("provision-done"));
        await host.Client.WaitForInstanceStartAsync("provision-live");
        await host.Client.WaitForInstanceCompletionAsync("provision-done");

        var live = await new DurableTaskOperationHistory(host.Client).ListLiveAsync(CancellationToken.None);

        Assert.Equal(["provision-live"], live);
    }

    [Fact]
    public async Task PurgeAsync_FinishedBeforeCutoff_PurgesThemAndKeepsTheRunning()
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "wait", new StartOrchestrationOptions("delete-live"));
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "done", new StartOrchestrationOptions("delete-old"));
        await host.Client.WaitForInstanceStartAsync("delete-live");
        await host.Client.WaitForInstanceCompletionAsync("delete-old");

        var purged = await new DurableTaskOperationHistory(host.Client).PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Null(await host.Client.GetInstanceAsync("delete-old"));
        Assert.NotNull(await host.Client.GetInstanceAsync("delete-live"));
    }

    [Fact]
    public async Task PurgeAsync_CutoffBeforeEverything_PurgesNothing()
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "done", new StartOrchestrationOptions("delete-recent"));
        await host.Client.WaitForInstanceCompletionAsync("delete-recent");

        var purged = await new DurableTaskOperationHistory(host.Client).PurgeAsync(DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None);

        Assert.Equal(0, purged);
        Assert.NotNull(await host.Client.GetInstanceAsync("delete-recent"));
    }
}
