using Microsoft.DurableTask.Client;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

public sealed class BulkUpgradeWorkflowTests : IAsyncLifetime
{
    private static readonly string[] Names = ["shop1", "shop2", "shop3", "shop4"];
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await WorkflowHarness.StartAsync();
        foreach (var name in Names)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.ProvisionAsync(WorkflowHarness.ProvisionInput(name))).RuntimeStatus);
        }
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task BulkUpgrade_FourStoresWindowTwo_AllUpgradedNeverMoreThanTwoAtOnce()
    {
        harness.Cluster.WaitHold = TimeSpan.FromMilliseconds(300);
        harness.Cluster.MaxConcurrentWaits = 0;

        var result = await harness.RunAsync(BulkUpgradeWorkflow.Name, Input(window: 2, stopAfter: 1), "bulk-test");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var progress = result.ReadOutputAs<BulkUpgradeProgress>()!;
        Assert.Equal((4, 4, 0, 0, 0), (progress.Total, progress.Done, progress.Failed, progress.Skipped, progress.Running));
        Assert.InRange(harness.Cluster.MaxConcurrentWaits, 1, 2);
        Assert.All(Names, n => Assert.Equal("medium", harness.Cluster.Namespaces[StoreNaming.NamespacePrefix + n].Labels[StoreNaming.LabelPlan]));
        Assert.Equal(4, result.ReadCustomStatusAs<BulkUpgradeProgress>()!.Done);
    }

    [Fact]
    public async Task BulkUpgrade_FirstUpgradeFailsStopAfterOne_NoOtherStartedTheRestSkipped()
    {
        harness.Helm.InstallFailures.Enqueue(new PermanentException("helm upgrade failed (exit code 1): UPGRADE FAILED: chart refused"));

        var result = await harness.RunAsync(BulkUpgradeWorkflow.Name, Input(window: 1, stopAfter: 1), "bulk-test");

        var progress = result.ReadOutputAs<BulkUpgradeProgress>()!;
        Assert.Equal((4, 0, 1, 3, 0), (progress.Total, progress.Done, progress.Failed, progress.Skipped, progress.Running));
        Assert.StartsWith("shop1: ", Assert.Single(progress.Failures), StringComparison.Ordinal);
        Assert.Equal(["small", "small", "small", "small"], Names.Select(n => harness.Cluster.Namespaces[StoreNaming.NamespacePrefix + n].Labels[StoreNaming.LabelPlan]));
        Assert.Equal(4 + 1, harness.Helm.Calls.Count(c => c == "install"));
    }

    private static BulkUpgradeInput Input(int window, int stopAfter) =>
        new(Names.Select(n => WorkflowHarness.UpgradeInput(n)).ToList(), window, stopAfter);
}
