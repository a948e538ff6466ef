using Microsoft.DurableTask.Client;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

public sealed class DeleteAndBatchWorkflowTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Delete_ReadyStore_OneActivityWritesBothAuditRowsInOrder()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.ActivityRuns.Clear();

        await harness.DeleteAsync("shop1");

        Assert.Equal(["TearDownStore:1"], harness.ActivityRuns.Select(r => $"{r.Key}:{r.Value}"));
        var rows = harness.Audit.Entries.Where(e => e.Actor == "bob").ToList();
        Assert.Equal([(Steps.Accepted, AuditOutcome.Accepted), (Steps.Deleted, AuditOutcome.Succeeded)], rows.Select(e => (e.Step, e.Outcome)));
        Assert.True(rows[0].Time < rows[1].Time, "the deleted row is later than the accepted row, so the trail lists them in order");
        Assert.Single(rows.Select(e => e.OperationId).Distinct());
        Assert.Equal(["phase:Deleting", "delete-namespace:store-shop1"], harness.Cluster.Calls.Where(c => c.StartsWith("phase:Deleting", StringComparison.Ordinal) || c.StartsWith("delete-namespace", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_NamespaceTerminatingAfterTheFirstSlice_WaitsAgainAndWritesDeletedOnce()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.Cluster.Namespaces["store-shop1"].SlowWaits = 1;
        harness.ActivityRuns.Clear();

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["TearDownStore:1", "WaitForNamespaceGone:1"], harness.ActivityRuns.Select(r => $"{r.Key}:{r.Value}").Order(StringComparer.Ordinal));
        Assert.Single(harness.Audit.Entries, e => e.Step == Steps.Deleted && e.Actor == "bob");
        Assert.Empty(harness.Cluster.Namespaces);
    }

    [Fact]
    public async Task Delete_ReadyStore_UninstallsDeletesNamespaceAndAudits()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(StoreStatus.Deleted, result.ReadOutputAs<DeleteStoreResult>()!.Status);
        Assert.Empty(harness.Cluster.Namespaces);
        Assert.Contains("uninstall", harness.Helm.Calls);
        Assert.Contains(harness.Audit.Entries, e => e.Step == Steps.Deleted && e.Outcome == AuditOutcome.Succeeded && e.Actor == "bob");
    }

    [Fact]
    public async Task Delete_NamespaceHeldByFinalizer_FailsNamingTheFinalizerAndMarksFailed()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.Cluster.NamespaceNeverGoes = true;

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("example.com/block", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("does not remove finalizers", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(StoreStatus.Failed, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Delete_StoreWithoutRelease_StillSucceeds()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.Helm.Releases.Clear();

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
    }

    [Fact]
    public async Task BatchProvision_ThreeStoresOneBroken_ReportsEachOutcome()
    {
        harness.Helm.InstallFailures.Enqueue(new PermanentException("chart rejected"));
        var input = new BatchProvisionInput(
            [WorkflowHarness.ProvisionInput("shop-a"), WorkflowHarness.ProvisionInput("shop-b"), WorkflowHarness.ProvisionInput("shop-c")],
            MaxParallel: 2);

        var result = await harness.RunAsync(BatchProvisionWorkflow.Name, input, "batch-1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var output = result.ReadOutputAs<BatchProvisionResult>()!;
        Assert.Equal(2, output.Ready);
        Assert.Equal(1, output.Failed);
        Assert.Contains(output.Stores, s => s.Status == StoreStatus.Failed && s.Reason!.Contains("chart rejected", StringComparison.Ordinal));
        Assert.Equal(3, output.Stores.Select(s => s.Store).Distinct().Count());
    }
}
