using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// Sets the store's plan label (namespace labels only; the phase and the other annotations stay) and
/// records the operation that did it. Run after an upgrade or rollback has verified the shop, so the
/// store list shows the new plan only once it works. Idempotent: a merge of the same labels.
/// </summary>
public sealed class RelabelStore(ICluster cluster) : TaskActivity<RelabelInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RelabelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        if (await cluster.GetStoreAsync(input.Store, CancellationToken.None) is null)
        {
            return false;
        }

        await cluster.PrepareNamespaceAsync(
            new NamespaceSpec(
                naming.Namespace,
                naming.NamespaceLabels(input.Engine, input.Plan),
                new Dictionary<string, string> { [StoreNaming.AnnotationOperation] = input.Audit.OperationId }),
            CancellationToken.None);
        return true;
    }
}
