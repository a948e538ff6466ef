using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// Before the cleanup deletes a store whose provisioning was abandoned (phase Provisioning or none,
/// with no running operation), records it as Failed with the reason, so the lifecycle allows Deleting.
/// </summary>
public sealed class SettleStoreForDeletion(ICluster cluster, UrumiMetrics metrics) : TaskActivity<SettleStoreInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SettleStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var store = await cluster.GetStoreAsync(input.Store, CancellationToken.None);
        if (store is null || store.Phase is not (null or StoreStatus.Provisioning))
        {
            return false;
        }

        await cluster.SetPhaseAsync(store.Namespace, StoreStatus.Failed, "Provisioning was abandoned; cleanup: " + input.Reason, CancellationToken.None);
        metrics.CleanupAction("settle");
        return true;
    }
}
