using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

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
