using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Cleanup;
using Urumi.Platform.Api;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Cleanup;
/// <summary>
/// Starts the singleton cleanup orchestration (instance id <c>cleanup</c>). Shared by the Functions
/// timer, Urumi.Server's hosted schedule and <c>POST /api/cleanup</c>: a start while one runs does nothing.
/// </summary>
public sealed partial class CleanupLauncher(IOptionsMonitor<CleanupOptions> options, IOptions<StoreApiOptions> stores, ILogger<CleanupLauncher> logger)
{
    /// <summary>A schedule tick: honours <c>Enabled</c> and <c>DryRun</c>; the actor is "schedule".</summary>
    public Task<CleanupStart> StartScheduledAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return Task.FromResult(new CleanupStart(CleanupStartOutcome.Disabled, CleanupWorkflow.InstanceId, settings.DryRun));
        }

        return StartAsync(client, new Actor(CleanupWorkflow.ScheduleActor, ActorRole.Admin), settings.DryRun, cancellationToken);
    }

    /// <summary>A start on request; <paramref name="dryRun"/> null takes the <c>DryRun</c> setting.</summary>
    public async Task<CleanupStart> StartAsync(DurableTaskClient client, Actor actor, bool? dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var input = Input(actor, dryRun ?? options.CurrentValue.DryRun);

        // Checked first so a tick during a run neither throws nor logs an error; the dedupe start
        // below still settles a race between two replicas.
        if (StoreOperations.IsLive(await client.GetInstanceAsync(CleanupWorkflow.InstanceId, getInputsAndOutputs: false, cancellationToken)))
        {
            LogAlreadyRunning(logger, actor.Name);
            return new CleanupStart(CleanupStartOutcome.AlreadyRunning, CleanupWorkflow.InstanceId, input.DryRun);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CleanupWorkflow.Name, input, StoreOperations.StartOptions(CleanupWorkflow.InstanceId), cancellationToken);
        }
        catch (Exception error) when (StoreOperations.IsAlreadyRunning(error))
        {
            LogAlreadyRunning(logger, actor.Name);
            return new CleanupStart(CleanupStartOutcome.AlreadyRunning, CleanupWorkflow.InstanceId, input.DryRun);
        }

        LogStarted(logger, actor.Name, input.DryRun);
        return new CleanupStart(CleanupStartOutcome.Started, CleanupWorkflow.InstanceId, input.DryRun);
    }

    /// <summary>The orchestration input built from the validated settings.</summary>
    public CleanupInput Input(Actor actor, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var settings = options.CurrentValue;
        var store = stores.Value;
        return new CleanupInput(store.BaseDomain, actor.Name, dryRun, new CleanupPolicy(
            settings.FailedRetention,
            settings.OrphanGracePeriod,
            settings.StuckReleaseGracePeriod,
            settings.TerminatingGracePeriod,
            settings.HistoryRetention,
            settings.AuditRetention,
            settings.MaxParallelDeletes,
            new DeletionPolicy(store.DeletionDeadline, store.ReadinessSlice, store.HelmTimeout)));
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Cleanup started for {Actor} (dry run: {DryRun})")]
    private static partial void LogStarted(ILogger logger, string actor, bool dryRun);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Cleanup not started for {Actor}: one is already running")]
    private static partial void LogAlreadyRunning(ILogger logger, string actor);

    [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Scheduled cleanup skipped: Urumi:Cleanup:Enabled is false")]
    private static partial void LogDisabled(ILogger logger);
}
