using Microsoft.DurableTask;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// Every activity here may run more than once for the same input (at-least-once delivery), so each
// one reads before it writes and treats "already done" as success.

/// <summary>
/// Records the "accepted" audit row, then moves the store to Provisioning, creates or updates its
/// namespace and creates the credentials Secret once. Refuses a store that is being deleted.
/// </summary>
public sealed class PrepareStore(ICluster cluster, IAuditLog audit) : TaskActivity<PrepareStoreInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PrepareStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Spec.Name);
        var spec = input.Spec;
        await audit.RecordAsync(input.Audit.Entry(Steps.Accepted, "create", AuditOutcome.Accepted, $"engine {spec.Engine}, plan {spec.Plan}"), CancellationToken.None);
        var naming = new StoreNaming(spec.Name, input.BaseDomain);
        var existing = await cluster.GetStoreAsync(spec.Name, CancellationToken.None);
        if (existing is { Terminating: true })
        {
            throw new PermanentException($"Namespace {naming.Namespace} is still being deleted; wait until the deletion finishes, then create the store again.");
        }

        StoreLifecycle.Move(existing?.Phase, StoreStatus.Provisioning);
        var annotations = new Dictionary<string, string>(naming.NamespaceAnnotations(spec, input.Audit.OperationId))
        {
            [StoreNaming.AnnotationPhase] = StoreStatus.Provisioning.ToString(),
        };
        await cluster.PrepareNamespaceAsync(
            new NamespaceSpec(naming.Namespace, naming.NamespaceLabels(spec.Engine, spec.Plan), annotations),
            CancellationToken.None);
        return await cluster.EnsureCredentialsAsync(
            naming.Namespace,
            naming.CredentialsSecret,
            naming.CommonLabels(spec.Engine, spec.Plan),
            CancellationToken.None);
    }
}

/// <summary>
/// <c>helm upgrade --install</c> of the engine's chart with the per-store values (no wait: the workflow
/// waits), then the "installing" audit row. Returns the release as it was before, from the install's own
/// <c>helm status</c>. A rerun of this activity finds the revision its first run made; that one is
/// not "before" (see <see cref="EarlierThan"/>), so compensation still undoes the whole run.
/// </summary>
public sealed class InstallRelease(IHelm helm, IAuditLog audit) : TaskActivity<InstallReleaseInput, InstallReleaseResult>
{
    public override async Task<InstallReleaseResult> RunAsync(TaskActivityContext context, InstallReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Spec.Name);
        var naming = new StoreNaming(input.Spec.Name, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Spec.Engine);
        var plan = engine.FindPlan(input.Spec.Plan);
        var values = engine.Values(input.Spec, naming, plan);
        if (input.KeepStorage && await helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None) is { } current)
        {
            values = StorageValues.KeepCurrent(values, await helm.ValuesAsync(naming.Release, naming.Namespace, current.Revision, CancellationToken.None));
        }

        var request = new HelmInstallRequest(
            naming.Release,
            naming.Namespace,
            engine.Chart,
            [],
            values,
            input.HelmTimeout,
            Wait: false);
        var (installed, before) = await helm.UpgradeInstallAsync(request, CancellationToken.None);
        await audit.RecordAsync(
            input.Audit.Entry(Steps.Installing, "helm-install", AuditOutcome.Succeeded, $"release {installed.Name} revision {installed.Revision}"),
            CancellationToken.None);
        return new InstallReleaseResult(installed, EarlierThan(before, input.Audit.Time));
    }

    /// <summary>
    /// The release before this operation started. A revision deployed since then is this operation's own
    /// (an earlier run of this activity whose completion was lost; one store has one operation at a time):
    /// the one before it is the real "before", and revision 1 means the run began with no release.
    /// </summary>
    internal static HelmRelease? EarlierThan(HelmRelease? before, DateTimeOffset operationStart) =>
        before is { Updated: { } updated } && updated >= operationStart
            ? before.Revision > 1 ? before with { Revision = before.Revision - 1, Status = HelmReleaseStatus.Deployed } : null
            : before;
}

public sealed class UninstallRelease(IHelm helm) : TaskActivity<ReleaseInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
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
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        await helm.RollbackAsync(naming.Release, naming.Namespace, input.Revision, CancellationToken.None);
        return true;
    }
}

/// <summary>One bounded readiness wait; the orchestrator loops these up to its deadline.</summary>
public sealed class WaitForReady(ICluster cluster) : TaskActivity<WaitInput, ReadinessReport>
{
    public override async Task<ReadinessReport> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        return await cluster.WaitForReadyAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
    }
}

/// <summary>
/// Checks the shop through the ingress; when it works, marks the store Ready and writes the "ready"
/// audit row. "Not yet" (still booting, not routed) is thrown as a <see cref="TransientException"/>
/// so the retry policy backs off; a broken shop is returned. The credentials are read here and
/// never leave this activity.
/// </summary>
public sealed class VerifyShop(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<VerifyShopInput, ShopVerification>
{
    public override async Task<ShopVerification> RunAsync(TaskActivityContext context, VerifyShopInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Engine);
        var credentials = await cluster.ReadCredentialsAsync(naming.Namespace, naming.CredentialsSecret, CancellationToken.None);
        var result = await probe.VerifyAsync(new ShopProbeRequest(naming.Host, engine.Checks, naming.StoreUrl(input.PublicUrl)), credentials, CancellationToken.None);
        if (!result.Passed && result.Retryable)
        {
            throw new TransientException($"The shop at {naming.Host} is not answering yet ({result.Step}): {result.Detail}");
        }

        if (result.Passed)
        {
            await StoreStatusWriter.SetAsync(cluster, input.Store, StoreStatus.Ready, null);
            await audit.RecordAsync(input.Audit.Entry(Steps.Ready, input.Action, AuditOutcome.Succeeded, result.Detail), CancellationToken.None);
            if (input.Timing is { } timing)
            {
                metrics.OperationSucceeded(timing);
                UrumiTracing.Run(context.InstanceId, input.Store, timing, "succeeded");
            }
        }

        return result;
    }
}

/// <summary>Records the store's status on its namespace, enforcing the lifecycle, then the audit row of the move.</summary>
public sealed class SetStoreStatus(ICluster cluster, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<SetStatusInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SetStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var set = await StoreStatusWriter.SetAsync(cluster, input.Store, input.Status, input.LastError);
        if (input.Audit is { } entry)
        {
            // Also when the namespace is gone: the audit trail still records the move.
            await audit.RecordAsync(entry, CancellationToken.None);
        }

        // A failed operation, also one whose rollback kept the store Ready.
        if (input.Timing is { FailedStep: not null } timing)
        {
            metrics.OperationFailed(timing);
            UrumiTracing.Run(context.InstanceId, input.Store, timing, "failed");
        }

        return set;
    }
}

/// <summary>Deletes the store's namespace (absent counts as done), then waits for it like <see cref="WaitForNamespaceGone"/>: one round trip for the usual quick deletion.</summary>
public sealed class DeleteNamespace(ICluster cluster, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<WaitInput, NamespaceGoneReport>
{
    public override async Task<NamespaceGoneReport> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        await cluster.DeleteNamespaceAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, CancellationToken.None);
        return await WaitForNamespaceGone.WaitAsync(cluster, audit, metrics, context.InstanceId, input);
    }
}

/// <summary>One bounded wait for the namespace to go; once it has, writes the <see cref="WaitInput.Done"/> audit row.</summary>
public sealed class WaitForNamespaceGone(ICluster cluster, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<WaitInput, NamespaceGoneReport>
{
    public override async Task<NamespaceGoneReport> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        return await WaitAsync(cluster, audit, metrics, context.InstanceId, input);
    }

    internal static async Task<NamespaceGoneReport> WaitAsync(ICluster cluster, IAuditLog audit, UrumiMetrics metrics, string operationId, WaitInput input)
    {
        var report = await cluster.WaitForNamespaceGoneAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
        if (report.Gone && input.Done is { } entry)
        {
            await audit.RecordAsync(entry, CancellationToken.None);
        }

        if (report.Gone && input.Timing is { } timing)
        {
            metrics.OperationSucceeded(timing);
            UrumiTracing.Run(operationId, input.Store, timing, "succeeded");
        }

        return report;
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
