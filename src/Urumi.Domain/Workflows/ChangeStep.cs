using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// The part upgrade and rollback share after their helm command: wait for readiness and verify the shop up to
/// one deadline, and on failure roll back to the revision before, wait for it, and record the outcome.
/// Orchestrator code: deterministic, no I/O of its own.
/// </summary>
internal sealed class ChangeStep(TaskOrchestrationContext context, OperationScope scope, StoreRef store, ProvisioningPolicy policy)
{
    private readonly DateTime deadline = context.CurrentUtcDateTime + policy.Deadline;

    /// <summary>The deployed revision the operation starts from, as the API read it: what a failure returns to before the helm step has said.</summary>
    public static HelmRelease? Starting(StoreRef store, int? revision) =>
        revision is { } r ? new HelmRelease(store.Naming().Release, store.Naming().Namespace, r, HelmReleaseStatus.Deployed, string.Empty, null, null) : null;

    /// <summary>Waits for readiness, then verifies the shop (which marks the store Ready and counts the success): <see cref="ReleaseSteps.ReadyAndVerifiedAsync"/>.</summary>
    public async Task ReadyAndVerifiedAsync(string engine, string action, string? publicUrl)
    {
        using var deadlineCancellation = new CancellationTokenSource();
        var deadlineTimer = context.CreateTimer(deadline, deadlineCancellation.Token);
        try
        {
            await ReleaseSteps.ReadyAndVerifiedAsync(
                context, scope, store, policy, deadline, deadlineTimer,
                () => new VerifyShopInput(store.Store, store.BaseDomain, engine, scope.Stamp(), publicUrl, scope.Timing(), action),
                $"Checking the shop at {store.Naming().Host}.");
        }
        finally
        {
            deadlineCancellation.Cancel();
        }
    }

    /// <summary>
    /// Rolls back to <paramref name="before"/> (when it was deployed), waits for it, then records the store as
    /// Ready with the reason as its last error, or Failed when it could not be restored.
    /// </summary>
    /// <returns>The sentence the operation fails with.</returns>
    public async Task<string> UndoAsync(Exception failure, HelmRelease? before, string action, string what)
    {
        var reason = $"{what}: {Reasons.Of(failure)}";
        var timing = scope.Timing(failed: true);
        scope.LogFailed(reason);
        var restored = false;
        if (before is { Status: HelmReleaseStatus.Deployed })
        {
            var (compensated, done) = await ReleaseSteps.CompensateAsync(context, scope, store, policy, before, reason);
            restored = compensated && await ReleaseSteps.RestoredAsync(context, scope, store, policy);
            reason = restored ? $"{reason} ({done}; the store runs it again)"
                : compensated ? $"{reason} ({done}, but revision {before.Revision} did not become ready again: the store needs attention)"
                : $"{reason} (the rollback to revision {before.Revision} failed too: the release needs attention)";
        }
        else
        {
            reason += " (there was no deployed revision to return to: the store needs attention)";
        }

        var status = restored ? StoreStatus.Ready : StoreStatus.Failed;
        var failed = scope.Stamp().Entry(Steps.Failed, action, AuditOutcome.Failed, reason);
        var recorded = await ReleaseSteps.TryAsync(scope, () => context.CallActivityAsync<bool>(
            nameof(SetStoreStatus), new SetStatusInput(store.Store, store.BaseDomain, status, reason, failed, timing), RetryPolicies.Transient));
        if (!recorded)
        {
            await scope.AuditAsync(Steps.Failed, action, AuditOutcome.Failed, reason);
        }

        scope.Report(Steps.Failed, 100, restored ? $"The {action} failed; the store is back on revision {before!.Revision}." : $"The {action} failed.", error: reason);
        return reason;
    }
}
