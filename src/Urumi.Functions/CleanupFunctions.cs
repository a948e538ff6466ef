using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Urumi.Domain.Ports;
using Urumi.Domain.Workflows.Activities;
using Urumi.Domain.Workflows.Cleanup;
using Urumi.Platform.Api;
using Urumi.Platform.Cleanup;

namespace Urumi.Functions;

/// <summary>
/// The scheduled cleanup: the timer and <c>POST /api/cleanup</c> only start the singleton cleanup
/// orchestration; the orchestration and its activities are the shared ones.
/// </summary>
public sealed partial class CleanupFunctions(CleanupLauncher launcher, CleanupApi api, FunctionsCallers callers, IServiceProvider services, ILogger<CleanupFunctions> logger)
{
    /// <summary>The app setting the timer's schedule is bound to (NCRONTAB, six fields, UTC).</summary>
    public const string ScheduleSetting = "%" + CleanupOptions.SectionName + ":Schedule%";

    [Function("CleanupTimer")]
    public async Task Tick(
        [TimerTrigger(ScheduleSetting, RunOnStartup = false, UseMonitor = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        if (timer.IsPastDue)
        {
            // Missed while the app was down or busy: run now, once (the singleton makes it safe).
            LogPastDue(logger, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next);
        }

        var start = await launcher.StartScheduledAsync(client, context.CancellationToken);
        LogTick(logger, start.Outcome, start.DryRun);
    }

    [Function("ApiRunCleanup")]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/cleanup")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        await HttpBinding.WriteAsync(request, await api.RunAsync(client, HttpBinding.Query(request, "dryRun"), callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function(CleanupWorkflow.Name)]
    public static Task<CleanupResult> Cleanup([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CleanupWorkflow.RunAsync(context, context.GetInput<CleanupInput>()!);

    // The two activities that read or purge the task hub get their IOperationHistory from the
    // [DurableClient] binding: the isolated worker has no DurableTaskClient in DI.

    [Function(nameof(ScanCleanup))]
    public Task<IReadOnlyList<CleanupCandidate>> RunScanCleanup([ActivityTrigger] CleanupScanInput input, [DurableClient] DurableTaskClient client, string instanceId) =>
        ActivatorUtilities.CreateInstance<ScanCleanup>(services, (IOperationHistory)new DurableTaskOperationHistory(client))
            .RunAsync(new CleanupActivityContext(nameof(ScanCleanup), instanceId), input);

    [Function(nameof(PurgeHistory))]
    public Task<int> RunPurgeHistory([ActivityTrigger] PurgeInput input, [DurableClient] DurableTaskClient client, string instanceId) =>
        new PurgeHistory(new DurableTaskOperationHistory(client)).RunAsync(new CleanupActivityContext(nameof(PurgeHistory), instanceId), input);

    [Function(nameof(SettleStoreForDeletion))]
    public Task<bool> RunSettleStoreForDeletion([ActivityTrigger] SettleStoreInput input, string instanceId) =>
        services.GetRequiredService<SettleStoreForDeletion>().RunAsync(new CleanupActivityContext(nameof(SettleStoreForDeletion), instanceId), input);

    [Function(nameof(RecoverStuckRelease))]
    public Task<string> RunRecoverStuckRelease([ActivityTrigger] RecoverReleaseInput input, string instanceId) =>
        services.GetRequiredService<RecoverStuckRelease>().RunAsync(new CleanupActivityContext(nameof(RecoverStuckRelease), instanceId), input);

    [Function(nameof(PurgeAudit))]
    public Task<int> RunPurgeAudit([ActivityTrigger] PurgeInput input, string instanceId) =>
        services.GetRequiredService<PurgeAudit>().RunAsync(new CleanupActivityContext(nameof(PurgeAudit), instanceId), input);

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Cleanup timer is past due (last {Last}, next {Next}); running now")]
    private static partial void LogPastDue(ILogger logger, DateTime? last, DateTime? next);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Cleanup timer tick: {Outcome} (dry run: {DryRun})")]
    private static partial void LogTick(ILogger logger, CleanupStartOutcome outcome, bool dryRun);

    private sealed class CleanupActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
