using Microsoft.DurableTask.Client;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Domain.Tests.Workflows;

public sealed class ProvisionStoreWorkflowTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Provision_AllStepsSucceed_StoreIsReadyWithUrls()
    {
        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var output = result.ReadOutputAs<ProvisionStoreResult>()!;
        Assert.Equal(StoreStatus.Ready, output.Status);
        Assert.Equal(new Uri("http://shop1.shops.test/"), output.Url);
        Assert.Equal(new Uri("http://shop1.shops.test/wp-admin/"), output.AdminUrl);
        Assert.Equal(42, output.TestOrderId);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Provision_PublicUrlWithIngressPort_ResultAndProbeNameTheStoreWithThePort()
    {
        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput() with { PublicUrl = "http://{host}:18081/" });

        var output = result.ReadOutputAs<ProvisionStoreResult>()!;
        Assert.Equal(new Uri("http://shop1.shops.test:18081/"), output.Url);
        Assert.Equal(new Uri("http://shop1.shops.test:18081/wp-admin/"), output.AdminUrl);
        Assert.Equal(new Uri("http://shop1.shops.test:18081/"), harness.Probe.LastRequest!.StoreUrl);
        Assert.Equal("shop1.shops.test", harness.Probe.LastRequest.Host);
    }

    [Fact]
    public async Task Provision_AllStepsSucceed_OneActivityWritesEveryStepsAuditRowInOrder()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(["InstallRelease:1"], harness.ActivityRuns.Select(r => $"{r.Key}:{r.Value}"));
        var rows = harness.Audit.Entries;
        Assert.Equal([Steps.Accepted, Steps.Installing, Steps.Ready], rows.Select(e => e.Step));
        Assert.True(rows[0].Time < rows[1].Time && rows[1].Time < rows[2].Time, "each row is later than the one before, so the trail lists them in order");
        Assert.Single(rows.Select(e => e.OperationId).Distinct());
        Assert.Equal(["install"], harness.Helm.Calls);
        Assert.Equal(1, harness.Probe.Calls);
    }

    [Fact]
    public async Task Provision_FoldedVerificationNotAnsweringYet_FallsBackToVerifyShopWhichMarksReady()
    {
        harness.Probe.Script.Insert(0, FakeShopProbe.NotYet());

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(
            ["InstallRelease:1", "VerifyShop:1"],
            harness.ActivityRuns.Select(r => $"{r.Key}:{r.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(2, harness.Probe.Calls);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
        Assert.Single(harness.Audit.Entries, e => e.Step == Steps.Ready);
    }

    [Fact]
    public async Task Provision_PodsNotReadyWithinTheInstallsWait_WaitForReadySlicesThenVerifyInTheSameRoundTrip()
    {
        harness.Cluster.ReadinessScript.Insert(0, FakeCluster.NotReady("shop1-wordpress-7d9", PodProblem.NotReady, "Ready=False (ContainersNotReady)"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["InstallRelease:1", "WaitForReady:1"], harness.ActivityRuns.Select(r => $"{r.Key}:{r.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(2, harness.Cluster.Calls.Count(c => c == "wait-ready"));
        Assert.Equal(1, harness.Probe.Calls);
        Assert.Equal([Steps.Accepted, Steps.Installing, Steps.Ready], harness.Audit.Entries.Select(e => e.Step));
    }

    [Fact]
    public async Task Provision_FirstWaitFailsInsideTheInstall_HelmRunsOnceAndTheWorkflowWaitsItself()
    {
        harness.Cluster.ReadinessFailures.Enqueue(new TransientException("the watch of pods was dropped"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["install"], harness.Helm.Calls);
        Assert.Equal(1, harness.ActivityRuns["WaitForReady"]);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Provision_FoldedVerificationThrows_FallsBackToVerifyShopWithItsRetries()
    {
        harness.Cluster.CredentialReadFailures.Enqueue(new TransientException("the API server answered 503"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(1, harness.ActivityRuns["VerifyShop"]);
        Assert.Equal(1, harness.Probe.Calls);
        Assert.Equal(StoreStatus.Ready, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Provision_AllStepsSucceed_ProgressEndsAtHundredPercent()
    {
        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        var progress = result.ReadCustomStatusAs<OperationProgress>()!;
        Assert.Equal(Steps.Ready, progress.Step);
        Assert.Equal(100, progress.Percent);
        Assert.Equal("shop1", progress.Store);
    }

    [Fact]
    public async Task Provision_AllStepsSucceed_AuditTrailHasAcceptedInstallAndReady()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        var steps = harness.Audit.Entries.Select(e => (e.Step, e.Outcome)).ToList();
        Assert.Equal(
            [(Steps.Accepted, AuditOutcome.Accepted), (Steps.Installing, AuditOutcome.Succeeded), (Steps.Ready, AuditOutcome.Succeeded)],
            steps);
        Assert.All(harness.Audit.Entries, e => Assert.Equal("alice", e.Actor));
    }

    [Fact]
    public async Task Provision_PermanentHelmFailureOnFirstInstall_UninstallsAndMarksFailed()
    {
        harness.Helm.InstallFailures.Enqueue(new PermanentException("Helm rejected the chart values: resources.limits.cpu is invalid"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("resources.limits.cpu is invalid", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("uninstall", harness.Helm.Calls);
        Assert.Single(harness.Helm.Calls, c => c == "install");
        Assert.Equal(StoreStatus.Failed, harness.Cluster.PhaseOf("shop1"));
    }

    [Fact]
    public async Task Provision_TransientHelmFailure_RetriesAndSucceeds()
    {
        harness.Helm.InstallFailures.Enqueue(new TransientException("another operation (install/upgrade/rollback) is in progress"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(2, harness.Helm.Calls.Count(c => c == "install"));
    }

    [Fact]
    public async Task Provision_FailedUpgradeOfDeployedStore_RollsBackToPreviousRevision()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal("pod shop1-wordpress-abc cannot pull image wordpress:nope (ImagePullBackOff)"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("rollback:1", harness.Helm.Calls);
        Assert.DoesNotContain("uninstall", harness.Helm.Calls);
        Assert.Contains("rolled back to revision 1", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_FatalPodState_FailsFastNamingThePod()
    {
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.Fatal("pod shop1-wordpress-abc cannot pull image wordpress:nope (ImagePullBackOff)"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("shop1-wordpress-abc", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("ImagePullBackOff", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, harness.Cluster.Calls.Count(c => c == "wait-ready"));
    }

    [Fact]
    public async Task Provision_PodsNeverReady_FailsAtDeadlineNamingPodAndCondition()
    {
        harness.Cluster.ReadinessScript.Clear();
        harness.Cluster.ReadinessScript.Add(FakeCluster.NotReady("shop1-wordpress-7d9", PodProblem.NotReady, "Ready=False (ContainersNotReady)"));
        harness.Cluster.ReadinessDelay = TimeSpan.FromSeconds(1);
        var policy = WorkflowHarness.FastPolicy with { Deadline = TimeSpan.FromSeconds(4), ReadinessSlice = TimeSpan.FromSeconds(1) };

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput(policy: policy));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var reason = result.FailureDetails!.ErrorMessage;
        Assert.Contains("deadline", reason, StringComparison.Ordinal);
        Assert.Contains("shop1-wordpress-7d9", reason, StringComparison.Ordinal);
        Assert.Contains("ContainersNotReady", reason, StringComparison.Ordinal);
        Assert.Contains("uninstall", harness.Helm.Calls);
        Assert.Equal(StoreStatus.Failed, harness.Cluster.PhaseOf("shop1"));
        Assert.True(harness.Cluster.Calls.Count(c => c == "wait-ready") >= 2, "readiness is waited in several bounded slices");
    }

    [Fact]
    public async Task Provision_ShopNotAnsweringYet_RetriesVerificationThenSucceeds()
    {
        harness.Probe.Script.Insert(0, FakeShopProbe.NotYet());
        harness.Probe.Script.Insert(0, FakeShopProbe.NotYet());

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, harness.Probe.Calls);
    }

    [Fact]
    public async Task Provision_BrokenShop_FailsWithoutRetryingVerification()
    {
        harness.Probe.Script.Clear();
        harness.Probe.Script.Add(new ShopVerification(false, false, "cart", "Cash on Delivery is not among the payment methods", null));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("Cash on Delivery", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, harness.Probe.Calls);
    }

    [Fact]
    public async Task Provision_StoreBeingDeleted_IsRefusedWithoutTouchingHelmOrItsStatus()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());
        harness.Cluster.Namespaces["store-shop1"].Terminating = true;
        harness.Cluster.Namespaces["store-shop1"].Annotations[StoreNaming.AnnotationPhase] = nameof(StoreStatus.Deleting);

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("still being deleted", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["install"], harness.Helm.Calls);
        Assert.Equal(StoreStatus.Deleting, harness.Cluster.PhaseOf("shop1"));
        Assert.False(harness.ActivityRuns.ContainsKey("SetStoreStatus"), "a refused provisioning does not mark the store");
        var progress = result.ReadCustomStatusAs<OperationProgress>()!;
        Assert.Equal(Steps.Failed, progress.Step);
        Assert.Equal("Provisioning was refused.", progress.Message);
    }

    [Fact]
    public async Task Provision_IllegalLifecycleMove_IsRefusedWithoutCompensation()
    {
        harness.Cluster.AddStore("shop1", StoreStatus.Deleting, DateTimeOffset.UtcNow);

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("cannot become Provisioning", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(harness.Helm.Calls);
        Assert.Equal(StoreStatus.Deleting, harness.Cluster.PhaseOf("shop1"));
        Assert.Contains(harness.Audit.Entries, e => e.Step == Steps.Failed && e.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task Provision_PermanentHelmFailureAfterPreparation_IsNotMistakenForARefusal()
    {
        harness.Helm.InstallFailures.Enqueue(new PermanentException("Helm rejected the chart values"));

        var result = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(["install", "uninstall"], harness.Helm.Calls);
        Assert.Equal(StoreStatus.Failed, harness.Cluster.PhaseOf("shop1"));
        Assert.Equal("Provisioning failed.", result.ReadCustomStatusAs<OperationProgress>()!.Message);
    }

    [Fact]
    public async Task Provision_VerificationRuns_ProbeGetsCredentialsFromTheSecret()
    {
        await harness.ProvisionAsync(WorkflowHarness.ProvisionInput());

        Assert.Equal(FakeCluster.GeneratedPassword + "-app", harness.Probe.LastCredentials?.ApplicationPassword);
    }

    [Fact]
    public async Task Provision_HappyAndFailurePaths_NoSecretInHistoryOrStatus()
    {
        var ok = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput("shop1"));
        harness.Probe.Script.Clear();
        harness.Probe.Script.Add(new ShopVerification(false, false, "checkout", "checkout refused", null));
        var failed = await harness.ProvisionAsync(WorkflowHarness.ProvisionInput("shop2"));

        var persisted = harness.ActivityPayloads
            .Concat([ok.SerializedInput, ok.SerializedOutput, ok.SerializedCustomStatus, failed.SerializedInput, failed.SerializedCustomStatus, failed.FailureDetails?.ErrorMessage])
            .Concat(harness.Audit.Entries.Select(e => e.Detail));
        Assert.NotEmpty(harness.ActivityPayloads);
        Assert.All(persisted, text => Assert.DoesNotContain(FakeCluster.GeneratedPassword, text ?? string.Empty, StringComparison.Ordinal));
    }
}
