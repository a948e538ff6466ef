using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>The spans of the trace source "Urumi" on the real workflows with fake ports, read with an <see cref="ActivityListener"/>.</summary>
public sealed class WorkflowTracingTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener;
    private WorkflowHarness harness = null!;

    public WorkflowTracingTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UrumiTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task Provision_AllStepsSucceed_OneRunSpanAndASpanPerActivityInOneTraceWithTheOperationId()
    {
        var input = WorkflowHarness.ProvisionInput("traced");
        var operationId = WorkflowIds.Provision(input.Spec.Name);

        var result = await harness.ProvisionAsync(input);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        // Other tests of the assembly may run workflows at the same time: only this operation's spans count.
        var mine = spans.Where(s => Equals(s.GetTagItem(UrumiTracing.OperationIdTag), operationId)).ToList();
        var run = Assert.Single(mine, s => s.DisplayName == ProvisionStoreWorkflow.Name);
        Assert.Equal("succeeded", run.GetTagItem(UrumiTracing.OutcomeTag));
        Assert.Equal(ProvisionStoreWorkflow.Name, run.GetTagItem(UrumiTracing.KindTag));
        var steps = mine.Where(s => s != run).Select(s => s.DisplayName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(new HashSet<string>(["InstallRelease"], StringComparer.Ordinal), steps);
        var context = UrumiTracing.RunContext(operationId);
        Assert.All(mine, s =>
        {
            Assert.Equal(context.TraceId, s.TraceId);
            Assert.Equal(context.SpanId, s.ParentSpanId);
            Assert.Equal("traced", s.GetTagItem(UrumiTracing.StoreTag));
        });
        Assert.True(run.StartTimeUtc <= mine.Where(s => s != run).Min(s => s.StartTimeUtc), "the run starts before its first activity");
    }

    [Fact]
    public async Task Provision_FatalPodState_RunSpanIsAnErrorNamingTheStep()
    {
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal("pod traced2-wordpress-abc cannot pull image wordpress:nope (ImagePullBackOff)"));
        var input = WorkflowHarness.ProvisionInput("traced2");

        var result = await harness.ProvisionAsync(input);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var run = Assert.Single(spans, s => Equals(s.GetTagItem(UrumiTracing.OperationIdTag), WorkflowIds.Provision(StoreName.Parse("traced2"))) && s.DisplayName == ProvisionStoreWorkflow.Name);
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal(Steps.WaitingForPods, run.StatusDescription);
        Assert.Equal("failed", run.GetTagItem(UrumiTracing.OutcomeTag));
    }
}
