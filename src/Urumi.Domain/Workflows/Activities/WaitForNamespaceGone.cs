using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

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
