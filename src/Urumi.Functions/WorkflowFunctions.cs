using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Ports;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Activities;

namespace Urumi.Functions;

/// <summary>
/// One-line wrappers that expose the shared orchestrators and activities to the Functions host
/// under the same names <see cref="UrumiWorkflows.Register"/> uses elsewhere.
/// </summary>
public sealed class WorkflowFunctions(IServiceProvider services)
{
    [Function(ProvisionStoreWorkflow.Name)]
    public static Task<ProvisionStoreResult> ProvisionStore([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ProvisionStoreWorkflow.RunAsync(context, context.GetInput<ProvisionStoreInput>()!);

    [Function(DeleteStoreWorkflow.Name)]
    public static Task<DeleteStoreResult> DeleteStore([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DeleteStoreWorkflow.RunAsync(context, context.GetInput<DeleteStoreInput>()!);

    [Function(BatchProvisionWorkflow.Name)]
    public static Task<BatchProvisionResult> BatchProvision([OrchestrationTrigger] TaskOrchestrationContext context) =>
        BatchProvisionWorkflow.RunAsync(context, context.GetInput<BatchProvisionInput>()!);

    [Function(UpgradeStoreWorkflow.Name)]
    public static Task<StoreChangeResult> UpgradeStore([OrchestrationTrigger] TaskOrchestrationContext context) =>
        UpgradeStoreWorkflow.RunAsync(context, context.GetInput<UpgradeStoreInput>()!);

    [Function(RollbackStoreWorkflow.Name)]
    public static Task<StoreChangeResult> RollbackStore([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RollbackStoreWorkflow.RunAsync(context, context.GetInput<RollbackStoreInput>()!);

    [Function(BulkUpgradeWorkflow.Name)]
    public static Task<BulkUpgradeProgress> BulkUpgrade([OrchestrationTrigger] TaskOrchestrationContext context) =>
        BulkUpgradeWorkflow.RunAsync(context, context.GetInput<BulkUpgradeInput>()!);

    [Function(nameof(InstallRelease))]
    public Task<InstallReleaseResult> RunInstallRelease([ActivityTrigger] InstallReleaseInput input, string instanceId) =>
        Run<InstallRelease, InstallReleaseInput, InstallReleaseResult>(input, instanceId);

    [Function(nameof(UninstallRelease))]
    public Task<bool> RunUninstallRelease([ActivityTrigger] ReleaseInput input, string instanceId) =>
        Run<UninstallRelease, ReleaseInput, bool>(input, instanceId);

    [Function(nameof(RollbackRelease))]
    public Task<bool> RunRollbackRelease([ActivityTrigger] ReleaseInput input, string instanceId) =>
        Run<RollbackRelease, ReleaseInput, bool>(input, instanceId);

    [Function(nameof(WaitForReady))]
    public Task<ReadinessResult> RunWaitForReady([ActivityTrigger] WaitInput input, string instanceId) =>
        Run<WaitForReady, WaitInput, ReadinessResult>(input, instanceId);

    [Function(nameof(VerifyShop))]
    public Task<ShopVerification> RunVerifyShop([ActivityTrigger] VerifyShopInput input, string instanceId) =>
        Run<VerifyShop, VerifyShopInput, ShopVerification>(input, instanceId);

    [Function(nameof(SetStoreStatus))]
    public Task<bool> RunSetStoreStatus([ActivityTrigger] SetStatusInput input, string instanceId) =>
        Run<SetStoreStatus, SetStatusInput, bool>(input, instanceId);

    [Function(nameof(TearDownStore))]
    public Task<NamespaceGoneReport> RunTearDownStore([ActivityTrigger] TearDownInput input, string instanceId) =>
        Run<TearDownStore, TearDownInput, NamespaceGoneReport>(input, instanceId);

    [Function(nameof(WaitForNamespaceGone))]
    public Task<NamespaceGoneReport> RunWaitForNamespaceGone([ActivityTrigger] WaitInput input, string instanceId) =>
        Run<WaitForNamespaceGone, WaitInput, NamespaceGoneReport>(input, instanceId);

    [Function(nameof(RecordAudit))]
    public Task<bool> RunRecordAudit([ActivityTrigger] AuditEntry input, string instanceId) =>
        Run<RecordAudit, AuditEntry, bool>(input, instanceId);

    [Function(nameof(RelabelStore))]
    public Task<bool> RunRelabelStore([ActivityTrigger] RelabelInput input, string instanceId) =>
        Run<RelabelStore, RelabelInput, bool>(input, instanceId);

    [Function(nameof(RollbackToRevision))]
    public Task<InstallReleaseResult> RunRollbackToRevision([ActivityTrigger] RollbackToInput input, string instanceId) =>
        Run<RollbackToRevision, RollbackToInput, InstallReleaseResult>(input, instanceId);

    private Task<TOut> Run<TActivity, TIn, TOut>(TIn input, string instanceId)
        where TActivity : TaskActivity<TIn, TOut> =>
        services.GetRequiredService<TActivity>().RunAsync(new FunctionsActivityContext(typeof(TActivity).Name, instanceId), input);

    /// <summary>The activity context the shared activities see when the Functions host runs them.</summary>
    private sealed class FunctionsActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
