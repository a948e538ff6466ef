using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

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
