using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// prepare namespace + Secret → helm upgrade --install → wait for readiness (bounded slices up to a
/// durable deadline) → verify the shop and mark it Ready. On failure: uninstall a first install or roll back
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

        // Four activities on the way to Ready; each writes the audit row of the step it performs.
        var prepared = false;
        var installAttempted = false;
        HelmRelease? before = null;
        try
        {
            scope.Report(Steps.PreparingNamespace, 5, $"Preparing namespace {naming.Namespace} and the store's credentials Secret.");
            await context.CallActivityAsync<bool>(nameof(PrepareStore), new PrepareStoreInput(spec, input.BaseDomain, scope.Stamp()), RetryPolicies.Transient);
            prepared = true;

            scope.Report(Steps.Installing, 15, $"Installing Helm release {naming.Release}.");
            installAttempted = true;
            scope.BeginTimedStep(Steps.Installing);
            var installed = await context.CallActivityAsync<InstallReleaseResult>(
                nameof(InstallRelease), new InstallReleaseInput(spec, input.BaseDomain, policy.HelmTimeout, scope.Stamp()), RetryPolicies.Transient);
            before = installed.Before;

            scope.BeginTimedStep(Steps.WaitingForPods);
            await ReleaseSteps.WaitUntilReadyAsync(context, scope, store, policy, deadline, deadlineTimer);

            var remaining = deadline - context.CurrentUtcDateTime;
            scope.BeginTimedStep(Steps.VerifyingShop);
            scope.Report(Steps.VerifyingShop, 85, $"Checking the storefront, the Store API and a Cash-on-Delivery test order at {naming.Host}.");
            var verification = await context.CallActivityAsync<ShopVerification>(
                nameof(VerifyShop), new VerifyShopInput(spec.Name, input.BaseDomain, spec.Engine, scope.Stamp(), input.PublicUrl, scope.Timing()), RetryPolicies.Verification(policy, remaining));
            if (!verification.Passed)
            {
                throw new StoreOperationFailedException($"The shop does not work ({verification.Step}): {verification.Detail}");
            }

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
            if (!prepared)
            {
                // Nothing was changed (e.g. the store is being deleted); leave its status alone.
                scope.Report(Steps.Failed, 100, "Provisioning was refused.", error: reason);
                await scope.AuditAsync(Steps.Failed, "create", AuditOutcome.Failed, reason);
                throw new StoreOperationFailedException(reason);
            }

            if (installAttempted)
            {
                var (compensated, what) = await ReleaseSteps.CompensateAsync(context, scope, store, policy, before, reason);
                reason = compensated ? $"{reason} ({what}; namespace kept for diagnosis)" : $"{reason} (compensation failed too: the release needs attention)";
            }

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
