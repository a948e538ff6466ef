using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows.Activities;

// The cleanup's activities. Like every activity they may run twice: each re-reads what it is about
// to change and treats "already done" as success.

/// <summary>Reads the cluster, Helm and the task hub, and returns the plan of a cleanup tick. Changes nothing.</summary>
public sealed class ScanCleanup(ICluster cluster, IHelm helm, IOperationHistory operations) : TaskActivity<CleanupScanInput, IReadOnlyList<CleanupCandidate>>
{
    public override async Task<IReadOnlyList<CleanupCandidate>> RunAsync(TaskActivityContext context, CleanupScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stores = await cluster.ListStoresAsync(CancellationToken.None);
        var namespaces = await cluster.ListNamespacesAsync(CancellationToken.None);
        var releases = await helm.ListAsync(CancellationToken.None);
        var live = await operations.ListLiveAsync(CancellationToken.None);
        var now = new DateTimeOffset(DateTime.SpecifyKind(input.Now, DateTimeKind.Utc));
        var plan = CleanupPlanner.Plan(new CleanupSnapshot(stores, namespaces, releases, live), input.Policy, now);

        // A terminating namespace is reported with what blocks it: one look, no waiting, never forced.
        var described = new List<CleanupCandidate>(plan.Count);
        foreach (var candidate in plan)
        {
            if (candidate.Kind != CleanupKind.TerminatingNamespace)
            {
                described.Add(candidate);
                continue;
            }

            var report = await cluster.WaitForNamespaceGoneAsync(candidate.Target, TimeSpan.Zero, CancellationToken.None);
            if (!report.Gone)
            {
                described.Add(candidate with { Reason = candidate.Reason + " " + report.DescribeBlockers() + " Urumi does not remove finalizers; resolve them by hand." });
            }
        }

        return described;
    }
}

/// <summary>
/// Before the cleanup deletes a store whose provisioning was abandoned (phase Provisioning or none,
/// with no running operation), records it as Failed with the reason, so the lifecycle allows Deleting.
/// </summary>
public sealed class SettleStoreForDeletion(ICluster cluster, UrumiMetrics metrics) : TaskActivity<SettleStoreInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SettleStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var store = await cluster.GetStoreAsync(input.Store, CancellationToken.None);
        if (store is null || store.Phase is not (null or StoreStatus.Provisioning))
        {
            return false;
        }

        await cluster.SetPhaseAsync(store.Namespace, StoreStatus.Failed, "Provisioning was abandoned; cleanup: " + input.Reason, CancellationToken.None);
        metrics.CleanupAction("settle");
        return true;
    }
}

/// <summary>
/// Recovers a release stuck in <c>pending-*</c>: uninstalls a never-deployed install, rolls anything
/// else back to its last deployed revision. A release that is no longer pending is left alone.
/// </summary>
public sealed class RecoverStuckRelease(IHelm helm, UrumiMetrics metrics) : TaskActivity<RecoverReleaseInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RecoverReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var current = await helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None);
        if (current is null || !current.Status.IsPending())
        {
            return current is null ? "The release is gone; nothing to recover." : $"The release is {current.Status} now; nothing to recover.";
        }

        if (input.Action == CleanupAction.Uninstall || current.Status == HelmReleaseStatus.PendingInstall)
        {
            await helm.UninstallAsync(naming.Release, naming.Namespace, CancellationToken.None);
            metrics.CleanupAction("uninstall");
            return $"Uninstalled the never-deployed release {naming.Release}.";
        }

        var target = await helm.LastDeployedRevisionAsync(naming.Release, naming.Namespace, CancellationToken.None)
            ?? throw new PermanentException(
                $"Release {naming.Release} is stuck in {current.Status} at revision {current.Revision} and has no earlier deployed revision; an operator must uninstall or repair it.");
        await helm.RollbackAsync(naming.Release, naming.Namespace, target, CancellationToken.None);
        metrics.CleanupAction("rollback");
        return $"Rolled release {naming.Release} back from revision {current.Revision} to revision {target}.";
    }
}

/// <summary>Purges finished orchestration history created before the cutoff.</summary>
public sealed class PurgeHistory(IOperationHistory operations) : TaskActivity<PurgeInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PurgeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return operations.PurgeAsync(new DateTimeOffset(DateTime.SpecifyKind(input.Cutoff, DateTimeKind.Utc)), CancellationToken.None);
    }
}

/// <summary>Removes audit entries older than the cutoff.</summary>
public sealed class PurgeAudit(IAuditRetention retention) : TaskActivity<PurgeInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PurgeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return retention.RemoveOlderThanAsync(new DateTimeOffset(DateTime.SpecifyKind(input.Cutoff, DateTimeKind.Utc)), CancellationToken.None);
    }
}
