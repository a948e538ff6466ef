using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// The orchestration steps every workflow that changes a Helm release shares (provision, upgrade,
/// rollback): the bounded readiness loop up to a durable deadline, the shop verification it ends with, and
/// the compensation that undoes a failed change. Orchestrator code: deterministic, no I/O of its own.
/// </summary>
internal static class ReleaseSteps
{
    /// <summary>
    /// Waits for every workload, then verifies the shop: the last readiness slice verifies it in the same round trip
    /// (<see cref="WaitForReady"/>); only when that check did not answer or said "not yet" does
    /// <see cref="VerifyShop"/> run, with its retry policy up to <paramref name="deadline"/>. A passing check marks the
    /// store Ready and counts the operation's success.
    /// </summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="scope">Progress and audit of the operation.</param>
    /// <param name="store">The store.</param>
    /// <param name="policy">Deadline, slice length and verification retries.</param>
    /// <param name="deadline">Orchestration time by which the store must be ready and verified.</param>
    /// <param name="deadlineTimer">The durable timer that fires at <paramref name="deadline"/>.</param>
    /// <param name="verify">The shop check's input, built when it is scheduled (its audit stamp and timing are of that moment).</param>
    /// <param name="checking">The progress message while <see cref="VerifyShop"/> runs.</param>
    /// <param name="first">The first readiness wait, when the install activity already ran it; null: none.</param>
    /// <returns>The passing check.</returns>
    /// <exception cref="StoreOperationFailedException">The shop does not work.</exception>
    public static async Task<ShopVerification> ReadyAndVerifiedAsync(
        TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy, DateTime deadline, Task deadlineTimer,
        Func<VerifyShopInput> verify, string checking, ReadinessResult? first = null)
    {
        scope.BeginTimedStep(Steps.WaitingForPods);
        scope.Report(Steps.WaitingForPods, 20, $"Waiting for the pods in {store.Naming().Namespace}, then checking the shop.");
        var verified = await WaitUntilReadyAsync(context, scope, store, policy, deadline, deadlineTimer, verify: verify, first: first);

        // From here a failure counts in the verification step, as when VerifyShop runs.
        scope.BeginTimedStep(Steps.VerifyingShop);
        if (verified is not ({ Passed: true } or { Retryable: false }))
        {
            scope.Report(Steps.VerifyingShop, 85, checking);
            var remaining = deadline - context.CurrentUtcDateTime;
            verified = await context.CallActivityAsync<ShopVerification>(nameof(VerifyShop), verify(), RetryPolicies.Verification(policy, remaining));
        }

        return verified.Passed ? verified : throw new StoreOperationFailedException($"The shop does not work ({verified.Step}): {verified.Detail}");
    }

    /// <summary>Loops bounded <see cref="WaitForReady"/> slices until every workload is ready or <paramref name="deadline"/> passes.</summary>
    /// <param name="context">The orchestration.</param>
    /// <param name="scope">Progress and audit of the operation.</param>
    /// <param name="store">The store.</param>
    /// <param name="policy">Deadline and slice length.</param>
    /// <param name="deadline">Orchestration time by which the store must be ready.</param>
    /// <param name="deadlineTimer">The durable timer that fires at <paramref name="deadline"/>.</param>
    /// <param name="stopOnFatal">
    /// True: a fatal pod state (ImagePullBackOff, CrashLoopBackOff, ...) ends the wait at once. False: keep waiting
    /// until the deadline; right after a rollback the failed pods of the undone revision are still there until
    /// their controllers remove them, so a fatal reading then says nothing about the restored revision.
    /// </param>
    /// <param name="verify">Each slice goes on to verify the shop with this input once everything is ready; null: it does not.</param>
    /// <param name="first">The first slice, when another activity already waited it (the install); null: none.</param>
    /// <returns>The shop check the last slice ran; null when it ran none or it could not answer.</returns>
    public static async Task<ShopVerification?> WaitUntilReadyAsync(
        TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy, DateTime deadline, Task deadlineTimer,
        bool stopOnFatal = true, Func<VerifyShopInput>? verify = null, ReadinessResult? first = null)
    {
        var namespaceName = store.Naming().Namespace;
        ReadinessReport? last = null;
        for (var slice = 0; ; slice++)
        {
            var result = first;
            first = null;
            if (result is null)
            {
                var remaining = deadline - context.CurrentUtcDateTime;
                if (remaining <= TimeSpan.Zero)
                {
                    throw DeadlinePassed(policy, last);
                }

                var wait = remaining < policy.ReadinessSlice ? remaining : policy.ReadinessSlice;
                var call = context.CallActivityAsync<ReadinessResult>(
                    nameof(WaitForReady), new WaitInput(store.Store, store.BaseDomain, wait, ThenVerify: verify?.Invoke()), RetryPolicies.Transient);
                if (await Task.WhenAny(call, deadlineTimer) == deadlineTimer)
                {
                    throw DeadlinePassed(policy, last);
                }

                result = await call;
            }

            last = result.Readiness;
            if (last.Ready)
            {
                scope.Report(Steps.WaitingForPods, 80, "All pods are ready.", last.Pods);
                return result.Verification;
            }

            if (last.FatalReason is not null)
            {
                if (stopOnFatal)
                {
                    throw new StoreOperationFailedException(last.FatalReason);
                }

                // A fatal reading returns at once; pace the loop by a durable timer instead of spinning.
                await context.CreateTimer(context.CurrentUtcDateTime + Min(policy.ReadinessSlice / 10, deadline - context.CurrentUtcDateTime), CancellationToken.None);
            }

            // Creep towards 80% so the bar moves while pods start, without pretending to know the end.
            var percent = 20 + Math.Min(55, (slice + 1) * 55 / Math.Max(1, (int)(policy.Deadline / policy.ReadinessSlice)));
            scope.Report(Steps.WaitingForPods, percent, $"Waiting for pods in {namespaceName}. {last.Summary()}", last.Pods);
        }
    }

    /// <summary>
    /// Undoes a change: a release that had a deployed revision before is rolled back to it, a first
    /// install is uninstalled. Writes the "compensating" audit row.
    /// </summary>
    /// <returns>Whether the compensation succeeded, and what it did ("rolled back to revision 2").</returns>
    public static async Task<(bool Compensated, string What)> CompensateAsync(
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
        return (compensated, what);
    }

    /// <summary>
    /// After a rollback: waits (up to the policy's deadline from now) for the restored revision to be ready.
    /// True when it is; a fatal pod state does not end the wait early (see <see cref="WaitUntilReadyAsync"/>).
    /// </summary>
    public static async Task<bool> RestoredAsync(TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy)
    {
        var deadline = context.CurrentUtcDateTime + policy.Deadline;
        using var cancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancellation.Token);
        try
        {
            await WaitUntilReadyAsync(context, scope, store, policy, deadline, timer, stopOnFatal: false);
            return true;
        }
        catch (Exception failure) when (failure is TaskFailedException or StoreOperationFailedException)
        {
            scope.LogCompensationFailed(Reasons.Of(failure));
            return false;
        }
        finally
        {
            cancellation.Cancel();
        }
    }

    public static async Task<bool> TryAsync(OperationScope scope, Func<Task> step)
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static StoreOperationFailedException DeadlinePassed(ProvisioningPolicy policy, ReadinessReport? last) =>
        new($"The store was not ready within the {policy.Deadline.TotalMinutes:0.#}-minute deadline. {last?.Summary() ?? "No readiness report was received."}");
}
