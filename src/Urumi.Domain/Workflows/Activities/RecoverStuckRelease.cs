using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// Recovers a release stuck in <c>pending-*</c>: uninstalls a never-deployed install, rolls anything
/// else back to its last deployed revision. A release that is no longer pending is left alone.
/// </summary>
public sealed class RecoverStuckRelease(IHelm helm, UrumiMetrics metrics) : TaskActivity<RecoverReleaseInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RecoverReleaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var current = await helm.GetAsync(naming.Release, naming.Namespace, CancellationToken.None);
        if (current is null || !current.Status.IsPending())
        {
            return current is null ? "The release is gone; nothing to recover." : $"The release is {current.Status} now; nothing to recover.";
        }

        if (input.Action == CleanupAction.Uninstall || current.Status == HelmReleaseStatus.PendingInstall)
        {
            await helm.UninstallAsync(naming.Release, naming.Namespace, CancellationToken.None);
            metrics.CleanupAction("uninstall");
            return $"Uninstalled the never-deployed release {naming.Release}.";
        }

        var target = await helm.LastDeployedRevisionAsync(naming.Release, naming.Namespace, CancellationToken.None)
            ?? throw new PermanentException(
                $"Release {naming.Release} is stuck in {current.Status} at revision {current.Revision} and has no earlier deployed revision; an operator must uninstall or repair it.");
        await helm.RollbackAsync(naming.Release, naming.Namespace, target, CancellationToken.None);
        metrics.CleanupAction("rollback");
        return $"Rolled release {naming.Release} back from revision {current.Revision} to revision {target}.";
    }
}
