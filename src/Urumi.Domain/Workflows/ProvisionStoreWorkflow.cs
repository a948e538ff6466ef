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
            await WaitUntilReadyAsync(context, scope, store, policy, deadline, deadlineTimer);

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
                reason = await CompensateAsync(context, scope, store, policy, before, reason);
            }

            var failed = scope.Stamp().Entry(Steps.Failed, "create", AuditOutcome.Failed, reason);
            var recorded = await TryAsync(scope, () => context.CallActivityAsync<bool>(
                nameof(SetStoreStatus), new SetStatusInput(spec.Name, input.BaseDomain, StoreStatus.Failed, reason, failed, timing), RetryPolicies.Transient));
            scope.Report(Steps.Failed, 100, "Provisioning failed.", error: reason);
            if (!recorded)
            {
                await scope.AuditAsync(Steps.Failed, "create", AuditOutcome.Failed, reason);
            }

            throw new StoreOperationFailedException(reason);
        }
    }

    private static async Task WaitUntilReadyAsync(
        TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy, DateTime deadline, Task deadlineTimer)
    {
        var namespaceName = store.Naming().Namespace;
        ReadinessReport? last = null;
        for (var slice = 0; ; slice++)
        {
            var remaining = deadline - context.CurrentUtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                throw DeadlinePassed(policy, last);
            }

            var wait = remaining < policy.ReadinessSlice ? remaining : policy.ReadinessSlice;
            var call = context.CallActivityAsync<ReadinessReport>(nameof(WaitForReady), new WaitInput(store.Store, store.BaseDomain, wait), RetryPolicies.Transient);
            if (await Task.WhenAny(call, deadlineTimer) == deadlineTimer)
            {
                throw DeadlinePassed(policy, last);
            }

            last = await call;
            if (last.Ready)
            {
                scope.Report(Steps.WaitingForPods, 80, "All pods are ready.", last.Pods);
                return;
            }

            if (last.FatalReason is not null)
            {
                throw new StoreOperationFailedException(last.FatalReason);
            }

            // Creep towards 80% so the bar moves while pods start, without pretending to know the end.
            var percent = 20 + Math.Min(55, (slice + 1) * 55 / Math.Max(1, (int)(policy.Deadline / policy.ReadinessSlice)));
            scope.Report(Steps.WaitingForPods, percent, $"Waiting for pods in {namespaceName}. {last.Summary()}", last.Pods);
        }
    }

    private static StoreOperationFailedException DeadlinePassed(ProvisioningPolicy policy, ReadinessReport? last) =>
        new($"The store was not ready within the {policy.Deadline.TotalMinutes:0.#}-minute provisioning deadline. {last?.Summary() ?? "No readiness report was received."}");

    /// <summary>Undoes the install: a first install is uninstalled, an upgrade is rolled back.</summary>
    private static async Task<string> CompensateAsync(
        TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy, HelmRelease? before, string reason)
    {
        var upgrade = before is { Status: HelmReleaseStatus.Deployed };
        scope.Report(Steps.Compensating, 95, upgrade
            ? $"Rolling back to revision {before!.Revision}."
            : "Uninstalling the failed first install.", error: reason);
        var compensated = upgrade
            ? await TryAsync(scope, () => context.CallActivityAsync<bool>(
                nameof(RollbackRelease), new ReleaseInput(store.Store, store.BaseDomain, policy.HelmTimeout, before!.Revision), RetryPolicies.Transient))
            : await TryAsync(scope, () => context.CallActivityAsync<bool>(
                nameof(UninstallRelease), new ReleaseInput(store.Store, store.BaseDomain, policy.HelmTimeout), RetryPolicies.Transient));
        var what = upgrade ? $"rolled back to revision {before!.Revision}" : "release uninstalled";
        await scope.AuditAsync(Steps.Compensating, upgrade ? "helm-rollback" : "helm-uninstall", compensated ? AuditOutcome.Succeeded : AuditOutcome.Failed, what);
        return compensated ? $"{reason} ({what}; namespace kept for diagnosis)" : $"{reason} (compensation failed too: the release needs attention)";
    }

    private static async Task<bool> TryAsync(OperationScope scope, Func<Task> step)
    {
        try
        {
            await step();
            return true;
        }
        catch (TaskFailedException failure)
        {
            scope.LogCompensationFailed(Reasons.Of(failure));
            return false;
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
