using System.Diagnostics.Metrics;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>
/// The install activity of a provisioning prepares the store first; a failure there is typed so the workflow
/// knows nothing was installed (it then neither compensates nor marks the store).
/// </summary>
public sealed class InstallReleaseTests : IDisposable
{
    private readonly FakeCluster cluster = new();
    private readonly FakeHelm helm = new();
    private readonly FakeAuditLog audit = new();
    private readonly FakeShopProbe probe = new();
    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => meters.Dispose();

    [Fact]
    public async Task RunAsync_PodsReadyWithinTheFirstWait_ReturnsThePassingShopCheckAndTheStoreIsReady()
    {
        var result = await RunAsync(thenWait: true);

        Assert.True(result.Readiness!.Readiness.Ready);
        Assert.True(result.Readiness.Verification!.Passed);
        Assert.Equal(StoreStatus.Ready, cluster.PhaseOf("shop1"));
        Assert.Equal([Steps.Accepted, Steps.Installing, Steps.Ready], audit.Entries.Select(e => e.Step));
    }

    [Fact]
    public async Task RunAsync_FirstWaitFails_InstallStillSucceedsAndLeavesTheWaitToTheWorkflow()
    {
        cluster.ReadinessFailures.Enqueue(new TransientException("the watch of pods was dropped"));

        var result = await RunAsync(thenWait: true);

        Assert.Null(result.Readiness);
        Assert.Equal(["install"], helm.Calls);
        Assert.Equal(StoreStatus.Provisioning, cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task RunAsync_PreparationFailsTransiently_ThrowsPreparationInterruptedRetriedAndHelmUntouched()
    {
        cluster.PrepareFailures.Enqueue(new TransientException("the API server answered 503"));

        var failure = await Assert.ThrowsAsync<PreparationInterruptedException>(() => RunAsync());

        Assert.IsAssignableFrom<TransientException>(failure);
        Assert.True(RetryPolicies.IsTransient(TaskFailureDetails(failure)), "the transient retry policy still retries it");
        Assert.Empty(helm.Calls);
    }

    [Fact]
    public async Task RunAsync_StoreBeingDeleted_ThrowsStoreRefusedNotRetriedAndHelmUntouched()
    {
        cluster.AddStore("shop1", StoreStatus.Ready, DateTimeOffset.UtcNow).Terminating = true;

        var failure = await Assert.ThrowsAsync<StoreRefusedException>(() => RunAsync());

        Assert.Contains("still being deleted", failure.Message, StringComparison.Ordinal);
        Assert.False(RetryPolicies.IsTransient(TaskFailureDetails(failure)));
        Assert.Empty(helm.Calls);
    }

    [Fact]
    public async Task RunAsync_RerunAfterACrash_OneSecretOneNamespaceAndTheSameAuditRows()
    {
        await RunAsync();
        await RunAsync();

        Assert.Equal(1, cluster.CredentialsCreated);
        Assert.Single(cluster.Namespaces);
        Assert.Equal([Steps.Accepted, Steps.Installing], audit.Entries.Select(e => e.Step));
        Assert.Equal(StoreStatus.Provisioning, cluster.PhaseOf("shop1"));
        Assert.Single(helm.Releases);
    }

    private Task<InstallReleaseResult> RunAsync(bool thenWait = false)
    {
        var store = StoreName.Parse("shop1");
        var stamp = new AuditStamp(DateTimeOffset.UtcNow.AddMinutes(-1), "shop1", "provision-shop1@1", "alice");
        var wait = new WaitInput(store, WorkflowHarness.BaseDomain, TimeSpan.FromSeconds(5), ThenVerify: new VerifyShopInput(store, WorkflowHarness.BaseDomain, "woocommerce", stamp.Later().Later()));
        return new InstallRelease(helm, cluster, probe, audit, new UrumiMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System)).RunAsync(
            new Context(),
            new InstallReleaseInput(
                WorkflowHarness.ProvisionInput().Spec, WorkflowHarness.BaseDomain, TimeSpan.FromMinutes(1), stamp, Prepare: true, ThenWait: thenWait ? wait : null));
    }

    private static TaskFailureDetails TaskFailureDetails(Exception failure) =>
        new(failure.GetType().FullName!, failure.Message, null, null, null);

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name => nameof(InstallRelease);

        public override string InstanceId => "provision-shop1";
    }
}
