using Microsoft.DurableTask.Client;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Tests.Workflows;

public sealed class CleanupWorkflowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static CleanupInput Input(bool dryRun = false) => new(
        WorkflowHarness.BaseDomain,
        CleanupWorkflow.ScheduleActor,
        dryRun,
        CleanupPolicy.Default with { Deletion = new DeletionPolicy(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)) });

    private async Task<CleanupResult> RunAsync(bool dryRun = false)
    {
        var instance = await harness.RunAsync(CleanupWorkflow.Name, Input(dryRun), CleanupWorkflow.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return instance.ReadOutputAs<CleanupResult>()!;
    }

    private void AddRelease(string store, HelmReleaseStatus status, int revision = 1, DateTimeOffset? updated = null, string? namespaceName = null) =>
        harness.Helm.Releases[store] = new HelmRelease(store, namespaceName ?? StoreNaming.NamespacePrefix + store, revision, status, "urumi-store-0.1.0", updated ?? Now.AddHours(-2), null);

    [Fact]
    public async Task Run_NothingToDo_ChangesNoStoreAndAppliesRetention()
    {
        harness.Cluster.AddStore("fresh", StoreStatus.Ready, Now.AddDays(-1));
        AddRelease("fresh", HelmReleaseStatus.Deployed);

        var result = await RunAsync();

        Assert.Equal((0, 0, 0, 0), (result.Deleted, result.Recovered, result.Reported, result.Failed));
        Assert.Single(harness.Cluster.Namespaces);
        Assert.Empty(harness.Helm.Calls);
        Assert.Single(harness.Operations.PurgedBefore);
        Assert.Equal(3, result.HistoryPurged);
        Assert.Contains(harness.Audit.Entries, e => e.Step == CleanupSteps.Finished && e.Outcome == AuditOutcome.Succeeded && e.Actor == CleanupWorkflow.ScheduleActor);
    }

    [Fact]
    public async Task Run_FailedStorePastRetention_DeletesItWithReasonInItsAuditTrail()
    {
        harness.Cluster.AddStore("broken", StoreStatus.Failed, Now.AddDays(-30), phaseSince: Now.AddDays(-8));

        var result = await RunAsync();

        Assert.Equal(1, result.Deleted);
        Assert.Empty(harness.Cluster.Namespaces);
        Assert.Contains(harness.Audit.Entries, e => e.Store == "broken" && e.Action == "cleanup-delete" && e.Outcome == AuditOutcome.Succeeded
            && e.Detail!.Contains("failed-store retention", StringComparison.Ordinal) && e.Actor == CleanupWorkflow.ScheduleActor);
        Assert.Contains(harness.Audit.Entries, e => e.Store == "broken" && e.Step == Steps.Deleted && e.Detail!.StartsWith("cleanup:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_FailedStoreWithinRetention_KeepsItForDiagnosis()
    {
        harness.Cluster.AddStore("broken", StoreStatus.Failed, Now.AddDays(-30), phaseSince: Now.AddDays(-1));

        var result = await RunAsync();

        Assert.Equal(0, result.Deleted);
        Assert.Single(harness.Cluster.Namespaces);
    }

    [Fact]
    public async Task Run_ExpiredStore_DeletesIt()
    {
        harness.Cluster.AddStore("demo", StoreStatus.Ready, Now.AddDays(-2), expiresAt: Now.AddMinutes(-5));
        AddRelease("demo", HelmReleaseStatus.Deployed);

        var result = await RunAsync();

        Assert.Equal(CleanupKind.Expired, Assert.Single(result.Items, i => i.Action == CleanupAction.Delete).Kind);
        Assert.Empty(harness.Cluster.Namespaces);
        Assert.Empty(harness.Helm.Releases);
    }

    [Fact]
    public async Task Run_OrphanNamespacePastGracePeriod_DeletesIt()
    {
        harness.Cluster.AddStore("orphan", StoreStatus.Ready, Now.AddHours(-3));

        var result = await RunAsync();

        Assert.Equal(CleanupKind.OrphanNamespace, Assert.Single(result.Items, i => i.Outcome == CleanupOutcome.Done && i.Action == CleanupAction.Delete).Kind);
        Assert.Empty(harness.Cluster.Namespaces);
    }

    [Fact]
    public async Task Run_AbandonedProvisioningOrphan_IsMarkedFailedThenDeleted()
    {
        harness.Cluster.AddStore("abandoned", StoreStatus.Provisioning, Now.AddHours(-3));

        var result = await RunAsync();

        Assert.Equal(1, result.Deleted);
        Assert.Equal(["phase:Failed", "phase:Deleting"], harness.Cluster.Calls.Where(c => c.StartsWith("phase:", StringComparison.Ordinal)).Take(2));
    }

    [Fact]
    public async Task Run_StoreWithRunningOperation_IsLeftAlone()
    {
        harness.Cluster.AddStore("busy", StoreStatus.Ready, Now.AddDays(-2), expiresAt: Now.AddHours(-1));
        harness.Operations.Live[WorkflowIds.Provision(StoreName.Parse("busy"))] = true;

        var result = await RunAsync();

        Assert.Equal(0, result.Deleted);
        Assert.Single(harness.Cluster.Namespaces);
    }

    [Fact]
    public async Task Run_ReleaseInUnlabelledNamespace_IsReportedAndNeverTouched()
    {
        harness.Cluster.Namespaces["store-stray"] = new FakeNamespace { CreatedAt = Now.AddDays(-10) };
        AddRelease("stray", HelmReleaseStatus.PendingInstall, updated: Now.AddDays(-1));

        var result = await RunAsync();

        var item = Assert.Single(result.Items, i => i.Kind == CleanupKind.UnlabelledRelease);
        Assert.Equal(CleanupOutcome.Reported, item.Outcome);
        Assert.Empty(harness.Helm.Calls);
        Assert.DoesNotContain(harness.Cluster.Calls, c => c.StartsWith("delete-namespace", StringComparison.Ordinal) || c.StartsWith("phase:", StringComparison.Ordinal));
        Assert.True(harness.Helm.Releases.ContainsKey("stray"));
        Assert.Contains(harness.Audit.Entries, e => e.Action == "cleanup-report" && e.Outcome == AuditOutcome.Info && e.Detail!.Contains("lacks Urumi's labels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StuckPendingInstall_IsUninstalled()
    {
        harness.Cluster.AddStore("stuck", StoreStatus.Ready, Now.AddDays(-2));
        AddRelease("stuck", HelmReleaseStatus.PendingInstall, updated: Now.AddHours(-1));

        var result = await RunAsync();

        Assert.Equal(1, result.Recovered);
        Assert.Equal(["uninstall"], harness.Helm.Calls);
        Assert.Contains(harness.Audit.Entries, e => e.Store == "stuck" && e.Action == "cleanup-helm-uninstall" && e.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task Run_StuckPendingUpgrade_IsRolledBackToLastDeployedRevision()
    {
        harness.Cluster.AddStore("stuck", StoreStatus.Ready, Now.AddDays(-2));
        AddRelease("stuck", HelmReleaseStatus.PendingUpgrade, revision: 5, updated: Now.AddHours(-1));
        harness.Helm.LastDeployed["stuck"] = 3;

        var result = await RunAsync();

        Assert.Equal(1, result.Recovered);
        Assert.Equal(["rollback:3"], harness.Helm.Calls);
    }

    [Fact]
    public async Task Run_PendingReleaseWithinGracePeriod_IsLeftAlone()
    {
        harness.Cluster.AddStore("young", StoreStatus.Ready, Now.AddDays(-2));
        AddRelease("young", HelmReleaseStatus.PendingUpgrade, revision: 2, updated: Now.AddMinutes(-2));

        var result = await RunAsync();

        Assert.Equal(0, result.Recovered);
        Assert.Empty(harness.Helm.Calls);
    }

    [Fact]
    public async Task Run_NamespaceStuckTerminating_IsReportedWithBlockersAndNotForced()
    {
        var ns = harness.Cluster.AddStore("held", StoreStatus.Deleting, Now.AddDays(-2));
        ns.Terminating = true;
        ns.DeletingSince = Now.AddHours(-1);
        ns.Blocked = new NamespaceGoneReport(false, ["namespace store-held spec.finalizers: example.com/block"], ["persistentvolumeclaim/data (kubernetes.io/pvc-protection)"]);

        var result = await RunAsync();

        var item = Assert.Single(result.Items, i => i.Kind == CleanupKind.TerminatingNamespace);
        Assert.Equal(CleanupOutcome.Reported, item.Outcome);
        Assert.Contains("example.com/block", item.Reason, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/pvc-protection", item.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Cluster.Calls, c => c.StartsWith("delete-namespace", StringComparison.Ordinal));
        Assert.Contains(harness.Audit.Entries, e => e.Store == "held" && e.Action == "cleanup-report");
    }

    [Fact]
    public async Task Run_DryRun_ReportsThePlanAndChangesNothing()
    {
        harness.Cluster.AddStore("demo", StoreStatus.Ready, Now.AddDays(-2), expiresAt: Now.AddMinutes(-5));
        AddRelease("demo", HelmReleaseStatus.Deployed);
        harness.Cluster.AddStore("stuck", StoreStatus.Ready, Now.AddDays(-2));
        AddRelease("stuck", HelmReleaseStatus.PendingInstall, updated: Now.AddHours(-1));

        var result = await RunAsync(dryRun: true);

        Assert.True(result.DryRun);
        Assert.All(result.Items, i => Assert.Equal(CleanupOutcome.Planned, i.Outcome));
        Assert.Contains(result.Items, i => i.Kind == CleanupKind.Expired && i.Target == "demo");
        Assert.Contains(result.Items, i => i.Kind == CleanupKind.StuckRelease && i.Target == "stuck");
        Assert.Equal(2, harness.Cluster.Namespaces.Count);
        Assert.Empty(harness.Helm.Calls);
        Assert.Empty(harness.Operations.PurgedBefore);
        Assert.Empty(harness.Audit.RemovedBefore);
    }

    [Fact]
    public async Task Run_OneDeletionFails_OthersStillHappenAndTheFailureIsAudited()
    {
        harness.Cluster.AddStore("a-expired", StoreStatus.Ready, Now.AddDays(-2), expiresAt: Now.AddHours(-1));
        var held = harness.Cluster.AddStore("b-expired", StoreStatus.Ready, Now.AddDays(-2), expiresAt: Now.AddHours(-1));
        held.Blocked = new NamespaceGoneReport(false, ["namespace store-b-expired spec.finalizers: example.com/block"], []);

        var result = await RunAsync();

        Assert.Equal((1, 1), (result.Deleted, result.Failed));
        Assert.Contains(harness.Audit.Entries, e => e.Store == "b-expired" && e.Action == "cleanup-delete" && e.Outcome == AuditOutcome.Failed);
        Assert.Contains(harness.Audit.Entries, e => e.Step == CleanupSteps.Finished && e.Outcome == AuditOutcome.Failed);
    }
}
