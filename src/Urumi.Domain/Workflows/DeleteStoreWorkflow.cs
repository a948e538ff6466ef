using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// Deleting → helm uninstall (absent counts as done) → delete the namespace and wait until it is gone: one
/// activity (<see cref="TearDownStore"/>), then more bounded waits only while the namespace is terminating.
/// A namespace held by finalizers is reported by name and left alone: never force-stripped.
/// </summary>
public static class DeleteStoreWorkflow
{
    public const string Name = "DeleteStore";

    public static async Task<DeleteStoreResult> RunAsync(TaskOrchestrationContext context, DeleteStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var store = new StoreRef(input.Store, input.BaseDomain);
        var naming = store.Naming();
        var policy = input.Policy;
        var scope = new OperationScope(context, "delete", input.Store.Value, input.Actor);
        var deadline = context.CurrentUtcDateTime + policy.Deadline;

        context.CreateReplaySafeLogger(typeof(DeleteStoreWorkflow)).DeleteStarted(input.Store.Value, input.Actor, input.Reason);
        scope.Report(Steps.Accepted, 0, $"Deleting {input.Store}: {input.Reason}");
        try
        {
            // One activity marks the store Deleting (the step the "accepted" row records), uninstalls, deletes the
            // namespace and waits one slice for it; the "deleted" row is written by whichever wait sees it gone.
            scope.Report(Steps.UninstallingRelease, 20, $"Uninstalling Helm release {naming.Release}, then deleting namespace {naming.Namespace}.");
            var stamp = scope.Stamp();
            var gone = await context.CallActivityAsync<NamespaceGoneReport>(
                nameof(TearDownStore),
                new TearDownInput(
                    input.Store, input.BaseDomain, policy.HelmTimeout, Slice(context, policy, deadline),
                    stamp.Entry(Steps.Accepted, "delete", AuditOutcome.Accepted, input.Reason),
                    stamp.Later().Entry(Steps.Deleted, "delete", AuditOutcome.Succeeded, input.Reason),
                    scope.Timing()),
                RetryPolicies.Transient);
            while (!gone.Gone && context.CurrentUtcDateTime < deadline)
            {
                scope.Report(Steps.WaitingForNamespace, 75, $"Namespace {naming.Namespace} is terminating. {gone.DescribeBlockers()}");
                var deleted = scope.Stamp().Entry(Steps.Deleted, "delete", AuditOutcome.Succeeded, input.Reason);
                gone = await context.CallActivityAsync<NamespaceGoneReport>(
                    nameof(WaitForNamespaceGone), new WaitInput(input.Store, input.BaseDomain, Slice(context, policy, deadline), deleted, scope.Timing()), RetryPolicies.Transient);
            }

            if (!gone.Gone)
            {
                throw new StoreOperationFailedException(
                    $"Namespace {naming.Namespace} was not gone within {policy.Deadline.TotalMinutes:0.#} minutes. {gone.DescribeBlockers()} Urumi does not remove finalizers; resolve them, then delete again.");
            }

            scope.Report(Steps.Deleted, 100, $"Store {input.Store} deleted.");
            context.CreateReplaySafeLogger(typeof(DeleteStoreWorkflow)).StoreDeleted(input.Store.Value);
            return new DeleteStoreResult(input.Store, StoreStatus.Deleted, null);
        }
        catch (Exception failure) when (failure is TaskFailedException or StoreOperationFailedException)
        {
            var reason = Reasons.Of(failure);
            var timing = scope.Timing(failed: true);
            scope.LogFailed(reason);
            var failed = scope.Stamp().Entry(Steps.Failed, "delete", AuditOutcome.Failed, reason);
            scope.Report(Steps.Failed, 100, "Deletion failed.", error: reason);
            try
            {
                await context.CallActivityAsync<bool>(nameof(SetStoreStatus), new SetStatusInput(input.Store, input.BaseDomain, StoreStatus.Failed, reason, failed, timing), RetryPolicies.Transient);
            }
            catch (TaskFailedException statusFailure)
            {
                scope.LogCompensationFailed(Reasons.Of(statusFailure));
                await scope.AuditAsync(Steps.Failed, "delete", AuditOutcome.Failed, reason);
            }

            throw new StoreOperationFailedException(reason);
        }
    }

    /// <summary>One bounded wait: the slice, or what is left of the deadline (at least a second).</summary>
    private static TimeSpan Slice(TaskOrchestrationContext context, DeletionPolicy policy, DateTime deadline)
    {
        var remaining = deadline - context.CurrentUtcDateTime;
        var wait = remaining < policy.WaitSlice ? remaining : policy.WaitSlice;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }
}
