using Microsoft.DurableTask.Client;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>Activities run at least once: running each of them twice must end in the same state.</summary>
public sealed class IdempotenceTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync(runActivitiesTwice: true);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Provision_EveryActivityRunsTwice_SameReadyStoreOneSecretOneAuditRowPerStep()
    {
        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
        Assert.Equal(1, harness.Cluster.CredentialsCreated);
        Assert.Equal(3, harness.Audit.Entries.Count);
        Assert.Single(harness.Helm.Releases);
    }

    [Fact]
    public async Task Provision_InstallRanTwiceThenPodsFail_FirstInstallIsUninstalledNotRolledBackToItsOwnRevision()
    {
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal("pod shop1-wordpress-abc cannot pull image wordpress:nope (ImagePullBackOff)"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(["install", "install", "uninstall", "uninstall"], harness.Helm.Calls);
        Assert.Empty(harness.Helm.Releases);
    }

    [Fact]
    public async Task Delete_EveryActivityRunsTwice_StoreGone()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        var result = await harness.DeleteAsync("shop1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Empty(harness.Cluster.Namespaces);
        Assert.Empty(harness.Helm.Releases);
    }
}
