using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// prepare namespace + Secret, helm upgrade --install and the first readiness wait (one activity) → more bounded
/// readiness waits while pods start, up to a durable deadline; the wait that sees everything ready verifies the shop
/// and marks it Ready (<see cref="VerifyShop"/> only when that check did not pass). On failure: uninstall a first install or roll back
/// an upgrade, mark the store Failed with the reason, keep the namespace for diagnosis.
/// </summary>
public static class ProvisionStoreWorkflow
{
    public const string Name = "ProvisionStore";

    public static async Task<ProvisionStoreResult> RunAsync(TaskOrchestrationContext context, ProvisionStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var policy = input.Policy;
        var store = new StoreRef(spec.Name, input.BaseDomain);
        var naming = store.Naming();
        var scope = new OperationScope(context, "provision", spec.Name.Value, input.Actor);
        var deadline = context.CurrentUtcDateTime + policy.Deadline;
        using var deadlineCancellation = new CancellationTokenSource();
        var deadlineTimer = context.CreateTimer(deadline, deadlineCancellation.Token);

        context.CreateReplaySafeLogger(typeof(ProvisionStoreWorkflow)).ProvisionStarted(spec.Name.Value, spec.Engine, spec.Plan, input.Actor);
        scope.Report(Steps.Accepted, 0, $"Provisioning {spec.Name} ({spec.Engine}, plan {spec.Plan}).");

        // One activity on the way to Ready when the pods are ready within its first readiness wait (prepare, install,
        // wait, verify); each step's audit row is written by the activity that performs it.
        HelmRelease? before = null;
        try
        {
            scope.Report(Steps.Installing, 15, $"Preparing namespace {naming.Namespace} and the store's credentials Secret, installing Helm release {naming.Release}, then waiting for its pods.");
            scope.BeginTimedStep(Steps.Installing);
            var stamp = scope.Stamp();
            VerifyShopInput Verify(AuditStamp audit) => new(spec.Name, input.BaseDomain, spec.Engine, audit, input.PublicUrl, scope.Timing());

            // The "ready" row the first wait may write comes after "accepted" and "installing" (same stamp, a tick apart).
            var slice = policy.ReadinessSlice < policy.Deadline ? policy.ReadinessSlice : policy.Deadline;
            var firstWait = new WaitInput(spec.Name, input.BaseDomain, slice, ThenVerify: Verify(stamp.Later().Later()));
            var installed = await context.CallActivityAsync<InstallReleaseResult>(
                nameof(InstallRelease), new InstallReleaseInput(spec, input.BaseDomain, policy.HelmTimeout, stamp, Prepare: true, ThenWait: firstWait), RetryPolicies.Transient);
            before = installed.Before;

            var verification = await ReleaseSteps.ReadyAndVerifiedAsync(
                context, scope, store, policy, deadline, deadlineTimer,
                () => Verify(scope.Stamp()),
                $"Checking the storefront, the Store API and a Cash-on-Delivery test order at {naming.Host}.",
                installed.Readiness);

            deadlineCancellation.Cancel();
            scope.Report(Steps.Ready, 100, $"Ready: {verification.Detail}");
            context.CreateReplaySafeLogger(typeof(ProvisionStoreWorkflow)).StoreReady(spec.Name.Value, naming.Host);
            return new ProvisionStoreResult(spec.Name, StoreStatus.Ready, naming.StoreUrl(input.PublicUrl), naming.AdminUrl(spec.Engine, input.PublicUrl), null, verification.TestOrderId);
        }
        catch (Exception failure) when (failure is TaskFailedException or StoreOperationFailedException)
        {
            if (!deadlineCancellation.IsCancellationRequested)
            {
                deadlineCancellation.Cancel();
            }

            var reason = Reasons.Of(failure);
            var timing = scope.Timing(failed: true);
            scope.LogFailed(reason);
            if (NothingInstalled(failure))
            {
                // The store could not be prepared (e.g. it is being deleted): nothing was installed; leave its status alone.
                scope.Report(Steps.Failed, 100, "Provisioning was refused.", error: reason);
                await scope.AuditAsync(Steps.Failed, "create", AuditOutcome.Failed, reason);
                throw new StoreOperationFailedException(reason);
            }

            var (compensated, what) = await ReleaseSteps.CompensateAsync(context, scope, store, policy, before, reason);
            reason = compensated ? $"{reason} ({what}; namespace kept for diagnosis)" : $"{reason} (compensation failed too: the release needs attention)";

            var failed = scope.Stamp().Entry(Steps.Failed, "create", AuditOutcome.Failed, reason);
            var recorded = await ReleaseSteps.TryAsync(scope, () => context.CallActivityAsync<bool>(
                nameof(SetStoreStatus), new SetStatusInput(spec.Name, input.BaseDomain, StoreStatus.Failed, reason, failed, timing), RetryPolicies.Transient));
            scope.Report(Steps.Failed, 100, "Provisioning failed.", error: reason);
            if (!recorded)
            {
                await scope.AuditAsync(Steps.Failed, "create", AuditOutcome.Failed, reason);
            }

            throw new StoreOperationFailedException(reason);
        }
    }

    /// <summary>The install activity failed while preparing the store (<see cref="StoreRefusedException"/>, or <see cref="PreparationInterruptedException"/> once its retries ran out).</summary>
    private static bool NothingInstalled(Exception failure) =>
        failure is TaskFailedException { FailureDetails.ErrorType: var type }
        && (type == typeof(StoreRefusedException).FullName || type == typeof(PreparationInterruptedException).FullName);
}

/// <summary>Turns workflow failures into the sentence an operator reads.</summary>
internal static class Reasons
{
    public static string Of(Exception failure) => failure switch
    {
        TaskFailedException { FailureDetails: { } details } => Innermost(details).ErrorMessage,
        _ => failure.Message,
    };

    private static TaskFailureDetails Innermost(TaskFailureDetails details)
    {
        // Sub-orchestration failures wrap the activity failure that caused them; the inner one says why.
        while (details.InnerFailure is { } inner && details.ErrorType == typeof(TaskFailedException).FullName)
        {
            details = inner;
        }

        return details;
    }
}
