using Microsoft.DurableTask;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows.Activities;

// Every activity here may run more than once for the same input (at-least-once delivery), so each
// one reads before it writes and treats "already done" as success.

/// <summary>
/// Moves the store to Provisioning, then creates or updates its namespace and creates the
/// credentials Secret once. Refuses a store that is being deleted.
/// </summary>
public sealed class PrepareStore(ICluster cluster) : TaskActivity<PrepareStoreInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PrepareStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Spec.Name, input.BaseDomain);
        var existing = await cluster.GetStoreAsync(input.Spec.Name, CancellationToken.None);
        if (existing is { Terminating: true })
        {
            throw new PermanentException($"Namespace {naming.Namespace} is still being deleted; wait until the deletion finishes, then create the store again.");
        }

        StoreLifecycle.Move(existing?.Phase, StoreStatus.Provisioning);
        var annotations = new Dictionary<string, string>(naming.NamespaceAnnotations(input.Spec, input.OperationId))
        {
            [StoreNaming.AnnotationPhase] = StoreStatus.Provisioning.ToString(),
        };
        await cluster.PrepareNamespaceAsync(
            new NamespaceSpec(naming.Namespace, naming.NamespaceLabels(input.Spec.Engine, input.Spec.Plan), annotations),
            CancellationToken.None);
        return await cluster.EnsureCredentialsAsync(
            naming.Namespace,
            naming.CredentialsSecret,
            naming.CommonLabels(input.Spec.Engine, input.Spec.Plan),
            CancellationToken.None);
    }
}

/// <summary>The release as Helm knows it before this run touches it (null: never installed).</summary>
public sealed class GetRelease(IHelm helm) : TaskActivity<StoreRef, HelmRelease?>
{
    public override Task<HelmRelease?> RunAsync(TaskActivityContext context, StoreRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = input.Naming();
        return helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None);
    }
}

/// <summary><c>helm upgrade --install</c> of the engine's chart with the per-store values (no wait: the workflow waits).</summary>
public sealed class InstallRelease(IHelm helm) : TaskActivity<InstallReleaseInput, HelmRelease>
{
    public override Task<HelmRelease> RunAsync(TaskActivityContext context, InstallReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Spec.Name, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Spec.Engine);
        var plan = engine.FindPlan(input.Spec.Plan);
        var request = new HelmInstallRequest(
            naming.Release,
            naming.Namespace,
            engine.Chart,
            [],
            engine.Values(input.Spec, naming, plan),
            input.HelmTimeout,
            Wait: false);
        return helm.UpgradeInstallAsync(request, CancellationToken.None);
    }
}

public sealed class UninstallRelease(IHelm helm) : TaskActivity<ReleaseInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        await helm.UninstallAsync(naming.Release, naming.Namespace, CancellationToken.None);
        return true;
    }
}

public sealed class RollbackRelease(IHelm helm) : TaskActivity<ReleaseInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        await helm.RollbackAsync(naming.Release, naming.Namespace, input.Revision, CancellationToken.None);
        return true;
    }
}

/// <summary>One bounded readiness wait; the orchestrator loops these up to its deadline.</summary>
public sealed class WaitForReady(ICluster cluster) : TaskActivity<WaitInput, ReadinessReport>
{
    public override Task<ReadinessReport> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return cluster.WaitForReadyAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
    }
}

/// <summary>
/// Checks the shop through the ingress. "Not yet" (still booting, not routed) is thrown as a
/// <see cref="TransientException"/> so the retry policy backs off; a broken shop is returned.
/// The credentials are read here and never leave this activity.
/// </summary>
public sealed class VerifyShop(ICluster cluster, IShopProbe probe) : TaskActivity<VerifyShopInput, ShopVerification>
{
    public override async Task<ShopVerification> RunAsync(TaskActivityContext context, VerifyShopInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Engine);
        var credentials = await cluster.ReadCredentialsAsync(naming.Namespace, naming.CredentialsSecret, CancellationToken.None);
        var result = await probe.VerifyAsync(new ShopProbeRequest(naming.Host, engine.Checks, naming.StoreUrl(input.PublicUrl)), credentials, CancellationToken.None);
        if (!result.Passed && result.Retryable)
        {
            throw new TransientException($"The shop at {naming.Host} is not answering yet ({result.Step}): {result.Detail}");
        }

        return result;
    }
}

/// <summary>Records the store's status on its namespace, enforcing the lifecycle.</summary>
public sealed class SetStoreStatus(ICluster cluster) : TaskActivity<SetStatusInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SetStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var store = await cluster.GetStoreAsync(input.Store, CancellationToken.None);
        if (store is null)
        {
            // Nothing left to annotate (the namespace is gone); the audit trail still records the move.
            return false;
        }

        StoreLifecycle.Move(store.Phase, input.Status);
        await cluster.SetPhaseAsync(store.Namespace, input.Status, input.LastError, CancellationToken.None);
        return true;
    }
}

public sealed class DeleteNamespace(ICluster cluster) : TaskActivity<StoreRef, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StoreRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await cluster.DeleteNamespaceAsync(input.Naming().Namespace, CancellationToken.None);
        return true;
    }
}

public sealed class WaitForNamespaceGone(ICluster cluster) : TaskActivity<WaitInput, NamespaceGoneReport>
{
    public override Task<NamespaceGoneReport> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return cluster.WaitForNamespaceGoneAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
    }
}

/// <summary>Appends to the audit trail; the log keys rows by (operation, step) so a rerun writes nothing new.</summary>
public sealed class RecordAudit(IAuditLog audit) : TaskActivity<AuditEntry, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AuditEntry input)
    {
        await audit.RecordAsync(input, CancellationToken.None);
        return true;
    }
}
