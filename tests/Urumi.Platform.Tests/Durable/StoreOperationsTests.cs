using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Urumi.Platform.Api;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Tests.Durable;

/// <summary>
/// The duplicate-start refusal against a real durable backend (the in-process test host) with the
/// pinned Microsoft.DurableTask.Client, not a mock: a live instance refuses, a finished one is replaced.
/// </summary>
public sealed class StoreOperationsTests : IAsyncLifetime
{
    private const string Orchestrator = "WaitForGo";
    private DurableTaskTestHost host = null!;

    public async Task InitializeAsync() =>
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<string, string>(Orchestrator, async (context, input) =>
            {
                await context.WaitForExternalEvent<string>("go");
                return input!;
            }),
            new DurableTaskTestHostOptions { Port = Ports.Free() });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Schedule_SameIdWhileRunning_IsRefusedAsAlreadyRunning()
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "first", StoreOperations.StartOptions("provision-shop1"));
        await host.Client.WaitForInstanceStartAsync("provision-shop1");

        var second = await Record.ExceptionAsync(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "second", StoreOperations.StartOptions("provision-shop1")));

        Assert.True(StoreOperations.IsAlreadyRunning(second), $"expected an already-exists refusal, got {second?.GetType().FullName}: {second?.Message}");
    }

    [Fact]
    public async Task Schedule_SameIdAfterCompletion_StartsAgain()
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "first", StoreOperations.StartOptions("provision-shop2"));
        await host.Client.RaiseEventAsync("provision-shop2", "go", "now");
        await host.Client.WaitForInstanceCompletionAsync("provision-shop2");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "second", StoreOperations.StartOptions("provision-shop2"));
        await host.Client.RaiseEventAsync("provision-shop2", "go", "now");
        var result = await host.Client.WaitForInstanceCompletionAsync("provision-shop2", getInputsAndOutputs: true);

        Assert.Equal("second", result.ReadOutputAs<string>());
    }
}
