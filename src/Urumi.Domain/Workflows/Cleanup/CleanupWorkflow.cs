using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows.Cleanup;

/// <summary>
/// One cleanup tick (singleton instance id <see cref="InstanceId"/>): scan → report what must not be
/// touched → recover stuck releases → delete expired, failed-past-retention and orphaned stores as
/// DeleteStore sub-orchestrations, at most <see cref="CleanupPolicy.MaxParallelDeletes"/> at a time →
/// purge old orchestration history → remove old audit entries. Every action is audited with its
/// reason; one failing item does not stop the others. A dry run only scans and reports the plan.
/// </summary>
public static class CleanupWorkflow
{
    public const string Name = "Cleanup";

    /// <summary>The fixed instance id: one cleanup at a time, whoever starts it.</summary>
    public const string InstanceId = "cleanup";

    /// <summary>The actor of scheduled ticks.</summary>
    public const string ScheduleActor = "schedule";

    /// <summary>The audit trail's "store" for rows that belong to no store (never a valid store name).</summary>
    public const string AuditStore = "_cleanup";

    public static async Task<CleanupResult> RunAsync(TaskOrchestrationContext context, CleanupInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var started = context.CurrentUtcDateTime;
        var scope = new OperationScope(context, "cleanup", AuditStore, input.Actor);
        scope.Report(CleanupSteps.Scanning, 0, input.DryRun ? "Dry run: looking for cleanup candidates." : "Looking for cleanup candidates.");

        IReadOnlyList<CleanupCandidate> plan;
        try
        {
            plan = await context.CallActivityAsync<IReadOnlyList<CleanupCandidate>>(nameof(ScanCleanup), new CleanupScanInput(started, input.Policy), RetryPolicies.Transient);
        }
        catch (TaskFailedException failure)
        {
            var reason = "The cleanup could not read the cluster: " + Reasons.Of(failure);
            scope.LogFailed(reason);
            scope.Report(Steps.Failed, 100, "Cleanup failed.", error: reason);
            await scope.AuditAsync(Steps.Failed, "cleanup", AuditOutcome.Failed, reason);
            throw new StoreOperationFailedException(reason);
        }

        if (input.DryRun)
        {
            var planned = plan.Select(c => CleanupItem.Of(c, CleanupOutcome.Planned, null)).ToList();
            var summary = "Dry run, nothing changed. " + Summary(plan);
            scope.Report(CleanupSteps.Finished, 100, summary);
            await scope.AuditAsync(CleanupSteps.DryRun, "cleanup-dry-run", AuditOutcome.Info, summary);
            context.CreateReplaySafeLogger("Urumi.Workflows.cleanup").CleanupFinished(true, plan.Count, 0);
            return Result(true, started, planned, 0, 0);
        }

        await scope.AuditAsync(Steps.Accepted, "cleanup", AuditOutcome.Accepted, Summary(plan));
        var items = new List<CleanupItem>(plan.Count);

        foreach (var report in plan.Where(c => c.Action == CleanupAction.Report))
        {
            items.Add(CleanupItem.Of(report, CleanupOutcome.Reported, null));
            await AuditAsync(context, scope, input, report, "report", AuditOutcome.Info, report.Reason);
        }

        var recoveries = plan.Where(c => c.Kind == CleanupKind.StuckRelease).ToList();
        foreach (var stuck in recoveries)
        {
            scope.Report(CleanupSteps.Recovering, 10, $"Recovering Helm release {stuck.Target}.");
            items.Add(await RecoverAsync(context, scope, input, stuck));
        }

        await DeleteAllAsync(context, scope, input, plan.Where(c => c.Action == CleanupAction.Delete).ToList(), items);

        scope.Report(CleanupSteps.Purging, 90, "Purging old orchestration history and audit entries.");
        var historyPurged = await PurgeAsync(context, scope, input, plan.First(c => c.Kind == CleanupKind.History), nameof(PurgeHistory), started - input.Policy.HistoryRetention, "operations purged", items);
        var auditRemoved = await PurgeAsync(context, scope, input, plan.First(c => c.Kind == CleanupKind.Audit), nameof(PurgeAudit), started - input.Policy.AuditRetention, "audit entries removed", items);

        var result = Result(false, started, items, historyPurged, auditRemoved);
        var done = $"Cleanup finished: {result.Deleted} deleted, {result.Recovered} recovered, {result.Reported} reported, {result.Failed} failed, " +
            $"{historyPurged} operations purged, {auditRemoved} audit entries removed.";
        scope.Report(CleanupSteps.Finished, 100, done, error: result.Failed > 0 ? $"{result.Failed} cleanup actions failed; see the output." : null);
        await scope.AuditAsync(CleanupSteps.Finished, "cleanup", result.Failed > 0 ? AuditOutcome.Failed : AuditOutcome.Succeeded, done);
        context.CreateReplaySafeLogger("Urumi.Workflows.cleanup").CleanupFinished(false, items.Count, result.Failed);
        return result;
    }

    private static async Task<CleanupItem> RecoverAsync(TaskOrchestrationContext context, OperationScope scope, CleanupInput input, CleanupCandidate stuck)
    {
        CleanupItem item;
        try
        {
            var detail = await context.CallActivityAsync<string>(
                nameof(RecoverStuckRelease), new RecoverReleaseInput(StoreName.Parse(stuck.Store!), input.BaseDomain, stuck.Action, input.Policy.Deletion.HelmTimeout), RetryPolicies.Transient);
            item = CleanupItem.Of(stuck, CleanupOutcome.Done, detail);
        }
        catch (TaskFailedException failure)
        {
            item = CleanupItem.Of(stuck, CleanupOutcome.Failed, Reasons.Of(failure));
        }

        await AuditAsync(context, scope, input, stuck, stuck.Action == CleanupAction.Uninstall ? "helm-uninstall" : "helm-rollback",
            item.Outcome == CleanupOutcome.Done ? AuditOutcome.Succeeded : AuditOutcome.Failed, $"{stuck.Reason} {item.Detail}");
        return item;
    }

    /// <summary>DeleteStore sub-orchestrations (instance id <c>delete-{store}</c>) in a bounded window.</summary>
    private static async Task DeleteAllAsync(TaskOrchestrationContext context, OperationScope scope, CleanupInput input, List<CleanupCandidate> deletions, List<CleanupItem> items)
    {
        var window = Math.Max(1, input.Policy.MaxParallelDeletes);
        var running = new Dictionary<Task<CleanupItem>, CleanupCandidate>();
        var next = 0;
        var finished = 0;
        while (next < deletions.Count || running.Count > 0)
        {
            while (running.Count < window && next < deletions.Count)
            {
                var candidate = deletions[next++];
                running.Add(DeleteAsync(context, input, candidate), candidate);
            }

            var done = await Task.WhenAny(running.Keys);
            var deletion = running[done];
            running.Remove(done);
            var item = await done;
            items.Add(item);
            finished++;
            await AuditAsync(context, scope, input, deletion, "delete", item.Outcome == CleanupOutcome.Done ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                item.Outcome == CleanupOutcome.Done ? deletion.Reason : $"{deletion.Reason} Deletion failed: {item.Detail}");
            scope.Report(CleanupSteps.Deleting, 20 + (65 * finished / deletions.Count), $"Deleted {finished} of {deletions.Count} stores.");
        }
    }

    private static async Task<CleanupItem> DeleteAsync(TaskOrchestrationContext context, CleanupInput input, CleanupCandidate candidate)
    {
        var store = StoreName.Parse(candidate.Store!);
        try
        {
            await context.CallActivityAsync<bool>(nameof(SettleStoreForDeletion), new SettleStoreInput(store, input.BaseDomain, candidate.Reason), RetryPolicies.Transient);
            await context.CallSubOrchestratorAsync<DeleteStoreResult>(
                DeleteStoreWorkflow.Name,
                new DeleteStoreInput(store, input.BaseDomain, input.Actor, "cleanup: " + candidate.Reason, input.Policy.Deletion),
                new SubOrchestrationOptions { InstanceId = WorkflowIds.Delete(store) });
            return CleanupItem.Of(candidate, CleanupOutcome.Done, $"Store {store} deleted.");
        }
        catch (TaskFailedException failure)
        {
            return CleanupItem.Of(candidate, CleanupOutcome.Failed, Reasons.Of(failure));
        }
    }

    private static async Task<int> PurgeAsync(
        TaskOrchestrationContext context, OperationScope scope, CleanupInput input, CleanupCandidate candidate, string activity, DateTime cutoff, string what, List<CleanupItem> items)
    {
        try
        {
            var count = await context.CallActivityAsync<int>(activity, new PurgeInput(cutoff), RetryPolicies.Transient);
            items.Add(CleanupItem.Of(candidate, CleanupOutcome.Done, $"{count} {what}."));
            await AuditAsync(context, scope, input, candidate, "purge-" + candidate.Kind.ToString().ToLowerInvariant(), AuditOutcome.Succeeded, $"{candidate.Reason} {count} {what}.");
            return count;
        }
        catch (TaskFailedException failure)
        {
            var reason = Reasons.Of(failure);
            items.Add(CleanupItem.Of(candidate, CleanupOutcome.Failed, reason));
            await AuditAsync(context, scope, input, candidate, "purge-" + candidate.Kind.ToString().ToLowerInvariant(), AuditOutcome.Failed, $"{candidate.Reason} Failed: {reason}");
            return 0;
        }
    }

    /// <summary>
    /// One audit row per cleanup action, in the store's own trail when it concerns a store. The step
    /// names the action and its target, so a replayed or retried write keeps one row.
    /// </summary>
    private static Task AuditAsync(TaskOrchestrationContext context, OperationScope scope, CleanupInput input, CleanupCandidate candidate, string action, AuditOutcome outcome, string detail) =>
        context.CallActivityAsync<bool>(
            nameof(RecordAudit),
            new AuditEntry(context.CurrentUtcDateTime, candidate.Store ?? AuditStore, scope.OperationId,
                $"{candidate.Kind}:{candidate.Target}", "cleanup-" + action, outcome, input.Actor, OperationProgress.Truncate(detail)),
            RetryPolicies.Transient);

    private static CleanupResult Result(bool dryRun, DateTime started, List<CleanupItem> items, int historyPurged, int auditRemoved) => new(
        dryRun,
        started,
        items.Count(i => i.Action == CleanupAction.Delete && i.Outcome == CleanupOutcome.Done),
        items.Count(i => i.Kind == CleanupKind.StuckRelease && i.Outcome == CleanupOutcome.Done),
        items.Count(i => i.Outcome == CleanupOutcome.Reported),
        items.Count(i => i.Outcome == CleanupOutcome.Failed),
        historyPurged,
        auditRemoved,
        items);

    private static string Summary(IReadOnlyList<CleanupCandidate> plan)
    {
        var deletions = plan.Count(c => c.Action == CleanupAction.Delete);
        var recoveries = plan.Count(c => c.Kind == CleanupKind.StuckRelease);
        var reports = plan.Count(c => c.Action == CleanupAction.Report);
        return $"{deletions} stores to delete, {recoveries} stuck releases to recover, {reports} findings to report, history and audit retention to apply.";
    }
}
