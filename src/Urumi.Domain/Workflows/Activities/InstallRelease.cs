using Microsoft.DurableTask;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// For a provisioning, first prepares the store (<see cref="StorePreparation"/>: namespace and credentials Secret,
/// the "accepted" audit row) in the same round trip; then
/// <c>helm upgrade --install</c> of the engine's chart with the per-store values (no wait: the workflow
/// waits), then the "installing" audit row. Returns the release as it was before, from the install's own
/// <c>helm status</c>. A rerun of this activity finds the revision its first run made; that one is
/// not "before" (see <see cref="EarlierThan"/>), so compensation still undoes the whole run. When asked
/// (<see cref="InstallReleaseInput.ThenWait"/>), the first readiness wait follows in the same round trip
/// (<see cref="ReadinessCheck"/>); an error there is not the install's: it is left to the workflow's readiness loop,
/// so helm never runs again because of it.
/// </summary>
public sealed class InstallRelease(IHelm helm, ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<InstallReleaseInput, InstallReleaseResult>
{
    private readonly ReadinessCheck readiness = new(cluster, probe, audit, metrics);

    public override async Task<InstallReleaseResult> RunAsync(TaskActivityContext context, InstallReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Spec.Name);
        if (input.Prepare)
        {
            await StorePreparation.PrepareAsync(cluster, audit, input.Spec, input.BaseDomain, input.Audit);
        }

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
        // One tick after the stamp: the "accepted" row a preparation writes with the same stamp comes first in the trail.
        await audit.RecordAsync(
            input.Audit.Later().Entry(Steps.Installing, "helm-install", AuditOutcome.Succeeded, $"release {installed.Name} revision {installed.Revision}"),
            CancellationToken.None);
        return new InstallReleaseResult(installed, EarlierThan(before, input.Audit.Time), await FirstWaitAsync(context.InstanceId, input.ThenWait));
    }

    private async Task<ReadinessResult?> FirstWaitAsync(string instanceId, WaitInput? wait)
    {
        if (wait is null)
        {
            return null;
        }

        try
        {
            // The waiting-for-pods step begins now, when helm is done, not when the orchestrator next runs.
            return await readiness.WaitAsync(instanceId, wait.ThenVerify is { Timing: { } timing } verify
                ? wait with { ThenVerify = verify with { Timing = metrics.StepBegins(timing, Steps.WaitingForPods) } }
                : wait);
        }
        catch (Exception failure) when (failure is TransientException or PermanentException)
        {
            return null;
        }
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
