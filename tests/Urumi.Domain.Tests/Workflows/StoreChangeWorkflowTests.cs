using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>UpgradeStore and RollbackStore on the in-process durable host with fake ports, on a store provisioned first.</summary>
public sealed class StoreChangeWorkflowTests : IAsyncLifetime
{
    private const string Pulled = "pod shop1-wordpress-new cannot pull image wordpress:nope (ImagePullBackOff)";
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await WorkflowHarness.StartAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.ProvisionAsync(WorkflowHarness.ProvisionInput())).RuntimeStatus);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Upgrade_ReadyStoreToMedium_NewRevisionVerifiedAndPlanLabelMoved()
    {
        using var succeeded = Collect<long>("urumi.operations.succeeded");

        var result = await harness.UpgradeAsync(WorkflowHarness.UpgradeInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(new StoreChangeResult(StoreName.Parse("shop1"), StoreStatus.Ready, "medium", 2), result.ReadOutputAs<StoreChangeResult>());
        Assert.Equal(["install", "install"], harness.Helm.Calls);
        Assert.Equal("medium", Namespace().Labels[StoreNaming.LabelPlan]);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
        Assert.Equal(UpgradeStoreWorkflow.Name, Assert.Single(succeeded.GetMeasurementSnapshot()).Tags["kind"]);
        var upgrade = harness.Audit.Entries.Where(e => e.OperationId.StartsWith(WorkflowIds.UpgradePrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal([(Steps.Accepted, "upgrade"), (Steps.Installing, "helm-install"), (Steps.Ready, "upgrade")], upgrade.Select(e => (e.Step, e.Action)));
        Assert.Equal(upgrade[0].OperationId, Namespace().Annotations[StoreNaming.AnnotationOperation]);
    }

    [Fact]
    public async Task Upgrade_SmallToMedium_ResourcesOfTheNewPlanStorageOfTheRunningRelease()
    {
        await harness.UpgradeAsync(WorkflowHarness.UpgradeInput());

        using var values = System.Text.Json.JsonDocument.Parse(harness.Helm.Values[2]);
        var mariadb = values.RootElement.GetProperty("mariadb");
        Assert.Equal("250m", mariadb.GetProperty("resources").GetProperty("requests").GetProperty("cpu").GetString());
        Assert.Equal("2Gi", mariadb.GetProperty("persistence").GetProperty("size").GetString());
        Assert.Equal("1Gi", values.RootElement.GetProperty("wordpress").GetProperty("persistence").GetProperty("size").GetString());
        Assert.Equal("medium", values.RootElement.GetProperty("store").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task Upgrade_NewRevisionNeverPullsItsImage_RolledBackToTheStartingRevisionAndStaysReady()
    {
        using var failed = Collect<long>("urumi.operations.failed");
        harness.Cluster.ReadinessScript.AddRange([FakeCluster.Fatal(Pulled), FakeCluster.Ready()]);

        var result = await harness.UpgradeAsync(WorkflowHarness.UpgradeInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var reason = result.FailureDetails!.ErrorMessage;
        Assert.Contains("upgrade from plan small to medium failed", reason, StringComparison.Ordinal);
        Assert.Contains("ImagePullBackOff", reason, StringComparison.Ordinal);
        Assert.Contains("rolled back to revision 1", reason, StringComparison.Ordinal);
        Assert.Equal(["install", "install", "rollback:1"], harness.Helm.Calls);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
        Assert.Equal("small", Namespace().Labels[StoreNaming.LabelPlan]);
        var counted = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal(UpgradeStoreWorkflow.Name, counted.Tags["kind"]);
        Assert.Equal(Steps.WaitingForPods, counted.Tags["reason"]);
        var last = harness.Audit.Entries.Last(e => e.OperationId.StartsWith(WorkflowIds.UpgradePrefix, StringComparison.Ordinal));
        Assert.Equal((Steps.Failed, "upgrade", AuditOutcome.Failed), (last.Step, last.Action, last.Outcome));
        Assert.Contains(harness.Audit.Entries, e => e.Step == Steps.Compensating && e.Action == "helm-rollback" && e.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task Upgrade_HelmRefusesTheUpgrade_RolledBackToTheRevisionTheApiRead()
    {
        harness.Helm.InstallFailures.Enqueue(new PermanentException("helm upgrade failed (exit code 1): UPGRADE FAILED: StatefulSet.apps \"shop1-mariadb\" is invalid"));

        var result = await harness.UpgradeAsync(WorkflowHarness.UpgradeInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("UPGRADE FAILED", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("rolled back to revision 1", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["install", "install", "rollback:1"], harness.Helm.Calls);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Upgrade_StartingRevisionDoesNotComeBack_StoreFailedNamingTheRevision()
    {
        var policy = WorkflowHarness.FastPolicy with { Deadline = TimeSpan.FromSeconds(3), ReadinessSlice = TimeSpan.FromSeconds(1) };
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal(Pulled));

        var result = await harness.UpgradeAsync(WorkflowHarness.UpgradeInput(policy: policy));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("revision 1 did not become ready again", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(StoreStatus.Failed, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Rollback_AfterAnUpgrade_BackOnRevisionOneAsANewRevisionWithItsPlan()
    {
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.UpgradeAsync(WorkflowHarness.UpgradeInput())).RuntimeStatus);

        var result = await harness.RollbackAsync("shop1", 1, "small");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(new StoreChangeResult(StoreName.Parse("shop1"), StoreStatus.Ready, "small", 3), result.ReadOutputAs<StoreChangeResult>());
        Assert.Equal(["install", "install", "rollback:1"], harness.Helm.Calls);
        Assert.Equal("small", Namespace().Labels[StoreNaming.LabelPlan]);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
        var rollback = harness.Audit.Entries.Where(e => e.OperationId.StartsWith(WorkflowIds.RollbackPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal([(Steps.Accepted, "rollback"), (Steps.Installing, "helm-rollback"), (Steps.Ready, "rollback")], rollback.Select(e => (e.Step, e.Action)));
    }

    [Fact]
    public async Task Rollback_ShopBrokenOnTheOldRevision_UndoneToTheRevisionBeforeAndStaysReady()
    {
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.UpgradeAsync(WorkflowHarness.UpgradeInput())).RuntimeStatus);
        harness.Probe.Script.Clear();
        harness.Probe.Script.AddRange([new ShopVerification(false, false, "storefront", "HTTP 500 from the storefront", null)]);

        var result = await harness.RollbackAsync("shop1", 1, "small");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("rolled back to revision 2", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["install", "install", "rollback:1", "rollback:2"], harness.Helm.Calls);
        Assert.Equal("medium", Namespace().Labels[StoreNaming.LabelPlan]);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
    }

    private FakeNamespace Namespace() => harness.Cluster.Namespaces[StoreNaming.NamespacePrefix + "shop1"];

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(harness.Meters, UrumiMetrics.MeterName, instrument);
}
