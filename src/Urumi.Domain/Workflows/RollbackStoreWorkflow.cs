using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// helm rollback to a chosen revision → readiness wait → shop verification → the plan label of that revision.
/// A rollback that does not work is undone like a failed upgrade (<see cref="ChangeStep"/>): back to the
/// revision the store ran before, which stays Ready with the reason as its last error.
/// </summary>
public static class RollbackStoreWorkflow
{
    public const string Name = "RollbackStore";

    public static async Task<StoreChangeResult> RunAsync(TaskOrchestrationContext context, RollbackStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var store = new StoreRef(input.Store, input.BaseDomain);
        var naming = store.Naming();
        var scope = new OperationScope(context, "rollback", input.Store.Value, input.Actor);
        scope.Report(Steps.Accepted, 0, $"Rolling {input.Store} back to revision {input.Revision} (plan {input.Plan}).");
        await scope.AuditAsync(Steps.Accepted, "rollback", AuditOutcome.Accepted, $"to revision {input.Revision}, plan {input.Plan}");

        var step = new ChangeStep(context, scope, store, input.Policy);
        var before = ChangeStep.Starting(store, input.FromRevision);
        try
        {
            scope.Report(Steps.Installing, 15, $"Rolling Helm release {naming.Release} back to revision {input.Revision}.");
            scope.BeginTimedStep(Steps.Installing);
            var rolled = await context.CallActivityAsync<InstallReleaseResult>(
                nameof(RollbackToRevision), new RollbackToInput(input.Store, input.BaseDomain, input.Revision, input.Policy.HelmTimeout, scope.Stamp()), RetryPolicies.Transient);
            before = rolled.Before ?? before;
            await step.ReadyAndVerifiedAsync(input.Engine, "rollback", input.PublicUrl);

            await context.CallActivityAsync<bool>(
                nameof(RelabelStore), new RelabelInput(input.Store, input.BaseDomain, input.Engine, input.Plan, scope.Stamp()), RetryPolicies.Transient);
            scope.Report(Steps.Ready, 100, $"Rolled back to revision {input.Revision} (now revision {rolled.Installed.Revision}, plan {input.Plan}).");
            return new StoreChangeResult(input.Store, StoreStatus.Ready, input.Plan, rolled.Installed.Revision);
        }
        catch (Exception failure) when (failure is TaskFailedException or StoreOperationFailedException)
        {
            var reason = await step.UndoAsync(failure, before, "rollback", $"The rollback to revision {input.Revision} failed");
            throw new StoreOperationFailedException(reason);
        }
    }
}
