using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Domain.Workflows;

/// <summary>
/// helm upgrade with the new plan's values → readiness wait → shop verification → the plan label. The store
/// stays in its phase while this runs (a Ready shop keeps serving). On failure the release is rolled back to
/// the revision it started from and, once that is ready again, the store stays Ready with the reason as its
/// last error; when even that fails, it is marked Failed.
/// </summary>
public static class UpgradeStoreWorkflow
{
    public const string Name = "UpgradeStore";

    public static async Task<StoreChangeResult> RunAsync(TaskOrchestrationContext context, UpgradeStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var store = new StoreRef(spec.Name, input.BaseDomain);
        var naming = store.Naming();
        var scope = new OperationScope(context, "upgrade", spec.Name.Value, input.Actor);
        var change = $"plan {input.FromPlan} to {spec.Plan}";
        scope.Report(Steps.Accepted, 0, $"Upgrading {spec.Name} from {change}.");
        await scope.AuditAsync(Steps.Accepted, "upgrade", AuditOutcome.Accepted, $"{spec.Engine}, {change}");

        var step = new ChangeStep(context, scope, store, input.Policy);
        var before = ChangeStep.Starting(store, input.FromRevision);
        try
        {
            scope.Report(Steps.Installing, 15, $"Upgrading Helm release {naming.Release} to plan {spec.Plan}.");
            scope.BeginTimedStep(Steps.Installing);
            var installed = await context.CallActivityAsync<InstallReleaseResult>(
                nameof(InstallRelease), new InstallReleaseInput(spec, input.BaseDomain, input.Policy.HelmTimeout, scope.Stamp(), KeepStorage: true), RetryPolicies.Transient);
            before = installed.Before ?? before;
            await step.ReadyAndVerifiedAsync(spec.Engine, "upgrade", input.PublicUrl);

            await context.CallActivityAsync<bool>(
                nameof(RelabelStore), new RelabelInput(spec.Name, input.BaseDomain, spec.Engine, spec.Plan, scope.Stamp()), RetryPolicies.Transient);
            scope.Report(Steps.Ready, 100, $"Upgraded to plan {spec.Plan} (revision {installed.Installed.Revision}).");
            return new StoreChangeResult(spec.Name, StoreStatus.Ready, spec.Plan, installed.Installed.Revision);
        }
        catch (Exception failure) when (failure is TaskFailedException or StoreOperationFailedException)
        {
            var reason = await step.UndoAsync(failure, before, "upgrade", $"The upgrade from {change} failed");
            throw new StoreOperationFailedException(reason);
        }
    }
}
