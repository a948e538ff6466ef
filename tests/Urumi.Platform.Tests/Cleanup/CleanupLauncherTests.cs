using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Workflows.Cleanup;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Cleanup;

namespace Urumi.Platform.Tests.Cleanup;

/// <summary>
/// The singleton start against the in-process durable host, with a stand-in "Cleanup" orchestrator
/// that runs until told to finish: a tick during a running cleanup starts nothing.
/// </summary>
public sealed class CleanupLauncherTests : IAsyncLifetime
{
    private DurableTaskTestHost host = null!;
    private readonly CleanupOptions settings = new();

    public async Task InitializeAsync() =>
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<CleanupInput, CleanupInput>(CleanupWorkflow.Name, async (context, input) =>
            {
                await context.WaitForExternalEvent<string>("go");
                return input!;
            }),
            new DurableTaskTestHostOptions { Port = Ports.Free() });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private CleanupLauncher Launcher() =>
        new(new StaticMonitor(settings), Options.Create(new StoreApiOptions { BaseDomain = "shops.test" }), NullLogger<CleanupLauncher>.Instance);

    [Fact]
    public async Task StartScheduledAsync_WhileCleanupRuns_StartsNothing()
    {
        var launcher = Launcher();
        Assert.Equal(CleanupStartOutcome.Started, (await launcher.StartScheduledAsync(host.Client, CancellationToken.None)).Outcome);
        var first = await host.Client.WaitForInstanceStartAsync(CleanupWorkflow.InstanceId);

        var second = await launcher.StartScheduledAsync(host.Client, CancellationToken.None);

        Assert.Equal(CleanupStartOutcome.AlreadyRunning, second.Outcome);
        var now = await host.Client.GetInstanceAsync(CleanupWorkflow.InstanceId);
        Assert.Equal(first.CreatedAt, now!.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, now.RuntimeStatus);
    }

    [Fact]
    public async Task StartScheduledAsync_AfterPreviousFinished_StartsANewRun()
    {
        var launcher = Launcher();
        await launcher.StartScheduledAsync(host.Client, CancellationToken.None);
        await host.Client.WaitForInstanceStartAsync(CleanupWorkflow.InstanceId);
        await host.Client.RaiseEventAsync(CleanupWorkflow.InstanceId, "go", "now");
        await host.Client.WaitForInstanceCompletionAsync(CleanupWorkflow.InstanceId);

        var next = await launcher.StartScheduledAsync(host.Client, CancellationToken.None);

        Assert.Equal(CleanupStartOutcome.Started, next.Outcome);
    }

    [Fact]
    public async Task StartScheduledAsync_Disabled_StartsNothing()
    {
        settings.Enabled = false;

        var start = await Launcher().StartScheduledAsync(host.Client, CancellationToken.None);

        Assert.Equal(CleanupStartOutcome.Disabled, start.Outcome);
        Assert.Null(await host.Client.GetInstanceAsync(CleanupWorkflow.InstanceId));
    }

    [Fact]
    public async Task StartScheduledAsync_DryRunSetting_StartsADryRunAsSchedule()
    {
        settings.DryRun = true;

        await Launcher().StartScheduledAsync(host.Client, CancellationToken.None);

        var instance = await host.Client.WaitForInstanceStartAsync(CleanupWorkflow.InstanceId, getInputsAndOutputs: true);
        var input = instance.ReadInputAs<CleanupInput>()!;
        Assert.True(input.DryRun);
        Assert.Equal(CleanupWorkflow.ScheduleActor, input.Actor);
    }

    [Fact]
    public async Task RunAsync_WhileCleanupRuns_Answers409WithTheOperation()
    {
        var api = new CleanupApi(Launcher(), ApiHandlers.Problems(), Options.Create(new StoreApiOptions()));
        Assert.Equal(202, (await api.RunAsync(host.Client, "true", new Actor("ops", ActorRole.Admin), CancellationToken.None)).Status);
        await host.Client.WaitForInstanceStartAsync(CleanupWorkflow.InstanceId);

        var second = await api.RunAsync(host.Client, null, new Actor("ops", ActorRole.Admin), CancellationToken.None);

        Assert.Equal(409, second.Status);
        Assert.Equal("/api/operations/cleanup", second.Headers["Location"]);
    }

    [Fact]
    public async Task RunAsync_DryRunNotABoolean_Answers400()
    {
        var api = new CleanupApi(Launcher(), ApiHandlers.Problems(), Options.Create(new StoreApiOptions()));

        var result = await api.RunAsync(host.Client, "maybe", new Actor("ops", ActorRole.Admin), CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Null(await host.Client.GetInstanceAsync(CleanupWorkflow.InstanceId));
    }

    private sealed class StaticMonitor(CleanupOptions value) : IOptionsMonitor<CleanupOptions>
    {
        public CleanupOptions CurrentValue => value;

        public CleanupOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CleanupOptions, string?> listener) => null;
    }
}
