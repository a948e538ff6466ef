using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>
/// The real workflows on the in-process durable test host, with fake ports. Every activity input
/// and output is recorded as the JSON the durable runtime would persist.
/// </summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    public const string BaseDomain = "shops.test";

    private readonly ServiceProvider meterServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private DurableTaskTestHost? host;

    private WorkflowHarness()
    {
        Meters = meterServices.GetRequiredService<IMeterFactory>();
        Metrics = new UrumiMetrics(Meters, TimeProvider.System);
    }

    public FakeCluster Cluster { get; } = new();

    public FakeHelm Helm { get; } = new();

    public FakeShopProbe Probe { get; } = new();

    public FakeAuditLog Audit { get; } = new();

    public FakeOperationHistory Operations { get; } = new();

    /// <summary>The activities' metrics, on <see cref="Meters"/> (read them with a MetricCollector).</summary>
    public UrumiMetrics Metrics { get; }

    public IMeterFactory Meters { get; }

    /// <summary>Serialized activity inputs and outputs, in the order they ran.</summary>
    public ConcurrentQueue<string> ActivityPayloads { get; } = new();

    public ConcurrentDictionary<string, int> ActivityRuns { get; } = new();

    public DurableTaskClient Client => host!.Client;

    public static async Task<WorkflowHarness> StartAsync(bool runActivitiesTwice = false)
    {
        var harness = new WorkflowHarness();
        harness.host = await DurableTaskTestHost.StartAsync(
            registry => UrumiWorkflows.Register(registry, activity => new RecordingActivity(activity, harness, runActivitiesTwice)),
            new DurableTaskTestHostOptions
            {
                Port = Urumi.Testing.Ports.Free(),
                ConfigureServices = services => services
                    .AddSingleton<ICluster>(harness.Cluster)
                    .AddSingleton<IHelm>(harness.Helm)
                    .AddSingleton<IShopProbe>(harness.Probe)
                    .AddSingleton<IAuditLog>(harness.Audit)
                    .AddSingleton<IAuditRetention>(harness.Audit)
                    .AddSingleton<IOperationHistory>(harness.Operations)
                    .AddSingleton(harness.Metrics),
            });
        return harness;
    }

    public static ProvisionStoreInput ProvisionInput(string name = "shop1", ProvisioningPolicy? policy = null) => new(
        new StoreSpec(StoreName.Parse(name), "woocommerce", "small", "alice", new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), null),
        BaseDomain,
        "alice",
        policy ?? FastPolicy);

    /// <summary>Short limits so failure paths finish in seconds.</summary>
    public static ProvisioningPolicy FastPolicy { get; } = new(
        Deadline: TimeSpan.FromSeconds(20),
        ReadinessSlice: TimeSpan.FromSeconds(2),
        HelmTimeout: TimeSpan.FromMinutes(1),
        VerifyAttempts: 5,
        VerifyFirstRetry: TimeSpan.FromMilliseconds(100));

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object input, string instanceId)
    {
        await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public Task<OrchestrationMetadata> ProvisionAsync(ProvisionStoreInput input) =>
        RunAsync(ProvisionStoreWorkflow.Name, input, WorkflowIds.Provision(input.Spec.Name));

    public Task<OrchestrationMetadata> DeleteAsync(string name) =>
        RunAsync(DeleteStoreWorkflow.Name, new DeleteStoreInput(StoreName.Parse(name), BaseDomain, "bob", "requested by bob", new DeletionPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))), WorkflowIds.Delete(StoreName.Parse(name)));

    public static UpgradeStoreInput UpgradeInput(string name = "shop1", string plan = "medium", ProvisioningPolicy? policy = null) => new(
        ProvisionInput(name).Spec with { Plan = plan }, "small", BaseDomain, "alice", policy ?? FastPolicy, FromRevision: 1);

    public Task<OrchestrationMetadata> UpgradeAsync(UpgradeStoreInput input) =>
        RunAsync(UpgradeStoreWorkflow.Name, input, WorkflowIds.Upgrade(input.Spec.Name));

    public Task<OrchestrationMetadata> RollbackAsync(string name, int revision, string plan) =>
        RunAsync(RollbackStoreWorkflow.Name, new RollbackStoreInput(StoreName.Parse(name), "woocommerce", revision, plan, BaseDomain, "alice", FastPolicy, FromRevision: 2), WorkflowIds.Rollback(StoreName.Parse(name)));

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await meterServices.DisposeAsync();
    }

    private sealed class RecordingActivity(ITaskActivity inner, WorkflowHarness harness, bool twice) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            harness.ActivityPayloads.Enqueue(JsonSerializer.Serialize(input, InputType));
            harness.ActivityRuns.AddOrUpdate(context.Name.Name, 1, (_, n) => n + 1);
            var output = await inner.RunAsync(context, input);
            if (twice)
            {
                // At-least-once delivery: the same work item may run again after a crash.
                output = await inner.RunAsync(context, input);
            }

            harness.ActivityPayloads.Enqueue(JsonSerializer.Serialize(output, OutputType));
            return output;
        }
    }
}
