using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// A deletion's first and, usually, only round trip: marks the store Deleting (then its "accepted" audit row),
/// <c>helm uninstall</c> (absent counts as done), deletes the namespace (absent counts as done) and waits for it
/// like <see cref="WaitForNamespaceGone"/>. A rerun after a crash finds each step done and goes on: the phase is
/// already Deleting or the namespace gone, the release absent, the namespace terminating or gone.
/// </summary>
public sealed class TearDownStore(ICluster cluster, IHelm helm, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<TearDownInput, NamespaceGoneReport>
{
    public override async Task<NamespaceGoneReport> RunAsync(TaskActivityContext context, TearDownInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);

        // Also when the namespace is gone already (a rerun): the audit trail still records the move.
        await StoreStatusWriter.SetAsync(cluster, input.Store, StoreStatus.Deleting, null);
        await audit.RecordAsync(input.Accepted, CancellationToken.None);

        await helm.UninstallAsync(naming.Release, naming.Namespace, CancellationToken.None);
        await cluster.DeleteNamespaceAsync(naming.Namespace, CancellationToken.None);
        return await WaitForNamespaceGone.WaitAsync(
            cluster, audit, metrics, context.InstanceId, new WaitInput(input.Store, input.BaseDomain, input.MaxWait, input.Deleted, input.Timing));
    }
}
