using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// <c>helm rollback</c> of the store's release to a chosen revision, then the "installing" audit row.
/// Returns the release before (what a failure goes back to) and after. A rerun finds the revision its first
/// run made and treats it as its own, like <see cref="InstallRelease"/>.
/// </summary>
public sealed class RollbackToRevision(IHelm helm, IAuditLog audit) : TaskActivity<RollbackToInput, InstallReleaseResult>
{
    public override async Task<InstallReleaseResult> RunAsync(TaskActivityContext context, RollbackToInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var current = await helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None)
            ?? throw new PermanentException($"Store {input.Store} has no Helm release {naming.Release} to roll back.");
        var before = InstallRelease.EarlierThan(current, input.Audit.Time);
        if (ReferenceEquals(before, current))
        {
            await helm.RollbackAsync(naming.Release, naming.Namespace, input.Revision, CancellationToken.None);
            current = await helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None)
                ?? throw new PermanentException($"Helm release {naming.Release} disappeared during the rollback.");
        }

        await audit.RecordAsync(
            input.Audit.Entry(Steps.Installing, "helm-rollback", AuditOutcome.Succeeded, $"release {current.Name} rolled back to revision {input.Revision} as revision {current.Revision}"),
            CancellationToken.None);
        return new InstallReleaseResult(current, before);
    }
}
