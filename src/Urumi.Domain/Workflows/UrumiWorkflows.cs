using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Workflows.Activities;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows;

/// <summary>
/// The one registration of every orchestrator and activity, used by the self-hosted worker and the
/// tests. The Functions app exposes the same names through its [Function] wrappers.
/// </summary>
public static class UrumiWorkflows
{
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(InstallRelease), typeof(UninstallRelease), typeof(RollbackRelease),
        typeof(WaitForReady), typeof(VerifyShop), typeof(SetStoreStatus), typeof(TearDownStore), typeof(WaitForNamespaceGone),
        typeof(RecordAudit), typeof(RelabelStore), typeof(RollbackToRevision),
        typeof(ScanCleanup), typeof(SettleStoreForDeletion), typeof(RecoverStuckRelease), typeof(PurgeHistory), typeof(PurgeAudit),
    ];

    /// <summary>
    /// The activities that read or purge the task hub itself (<see cref="Ports.IOperationHistory"/>).
    /// A host with a durable client in its container (Urumi.Server) resolves them like any other; the
    /// Functions app has its client only as a per-call binding, so it builds these two per call and
    /// must not put them in its container.
    /// </summary>
    public static IReadOnlyList<Type> TaskHubActivityTypes { get; } = [typeof(ScanCleanup), typeof(PurgeHistory)];

    /// <param name="registry">The registry to fill.</param>
    /// <param name="decorate">Wraps each activity (tests use it to run every activity twice); null in production.</param>
    public static void Register(DurableTaskRegistry registry, Func<ITaskActivity, ITaskActivity>? decorate = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<ProvisionStoreInput, ProvisionStoreResult>(ProvisionStoreWorkflow.Name, (context, input) => ProvisionStoreWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<DeleteStoreInput, DeleteStoreResult>(DeleteStoreWorkflow.Name, (context, input) => DeleteStoreWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<BatchProvisionInput, BatchProvisionResult>(BatchProvisionWorkflow.Name, (context, input) => BatchProvisionWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<UpgradeStoreInput, StoreChangeResult>(UpgradeStoreWorkflow.Name, (context, input) => UpgradeStoreWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<RollbackStoreInput, StoreChangeResult>(RollbackStoreWorkflow.Name, (context, input) => RollbackStoreWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<BulkUpgradeInput, BulkUpgradeProgress>(BulkUpgradeWorkflow.Name, (context, input) => BulkUpgradeWorkflow.RunAsync(context, input!));
        registry.AddOrchestratorFunc<CleanupInput, CleanupResult>(CleanupWorkflow.Name, (context, input) => CleanupWorkflow.RunAsync(context, input!));
        foreach (var activity in ActivityTypes)
        {
            if (decorate is null)
            {
                registry.AddActivity(activity);
            }
            else
            {
                registry.AddActivity(activity.Name, services => decorate((ITaskActivity)ActivatorUtilities.CreateInstance(services, activity)));
            }
        }
    }
}
