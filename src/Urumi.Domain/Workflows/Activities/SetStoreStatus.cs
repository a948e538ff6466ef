using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

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
