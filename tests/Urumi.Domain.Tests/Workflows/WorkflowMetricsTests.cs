using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>The metrics the workflows' activities record, on the real workflows with fake ports.</summary>
public sealed class WorkflowMetricsTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Provision_AllStepsSucceed_CountsOneSuccessWithTheThreeTimedSteps()
    {
        using var succeeded = Collect<long>("urumi.operations.succeeded");
        using var steps = Collect<double>("urumi.operation.step.duration");
        using var total = Collect<double>("urumi.operation.duration");

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(ProvisionStoreWorkflow.Name, Assert.Single(succeeded.GetMeasurementSnapshot()).Tags["kind"]);
        Assert.Equal([Steps.Installing, Steps.WaitingForPods, Steps.VerifyingShop], steps.GetMeasurementSnapshot().Select(m => m.Tags["step"]));
        Assert.All(steps.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
        Assert.Equal("succeeded", Assert.Single(total.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task Provision_FatalPodState_CountsOneFailureInTheReadinessStep()
    {
        using var failed = Collect<long>("urumi.operations.failed");
        using var succeeded = Collect<long>("urumi.operations.succeeded");
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal("pod shop1-wordpress-abc cannot pull image wordpress:nope (ImagePullBackOff)"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var counted = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal(ProvisionStoreWorkflow.Name, counted.Tags["kind"]);
        Assert.Equal(Steps.WaitingForPods, counted.Tags["reason"]);
        Assert.Empty(succeeded.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Delete_ReadyStore_CountsOneDeleteSuccess()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        using var succeeded = Collect<long>("urumi.operations.succeeded");

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(DeleteStoreWorkflow.Name, Assert.Single(succeeded.GetMeasurementSnapshot()).Tags["kind"]);
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(harness.Meters, UrumiMetrics.MeterName, instrument);
}
