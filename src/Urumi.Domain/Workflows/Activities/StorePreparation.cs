using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows.Activities;

/// <summary>
/// The first part of a provisioning's install (<see cref="InstallRelease"/>): records the "accepted" audit row,
/// then moves the store to Provisioning, creates or updates its namespace and creates the credentials Secret once.
/// Refuses a store that is being deleted. Reads before it writes, so a rerun changes nothing more. Its failures
/// are typed (<see cref="StoreRefusedException"/>, <see cref="PreparationInterruptedException"/>) so the workflow
/// knows that nothing was installed.
/// </summary>
internal static class StorePreparation
{
    public static async Task PrepareAsync(ICluster cluster, IAuditLog audit, StoreSpec spec, string baseDomain, AuditStamp stamp)
    {
        try
        {
            await PrepareOnceAsync(cluster, audit, spec, baseDomain, stamp);
        }
        catch (TransientException failure)
        {
            throw new PreparationInterruptedException(failure.Message, failure);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Whatever else stopped the preparation (refused, forbidden, an illegal move), nothing was installed.
            throw new StoreRefusedException(failure.Message, failure);
        }
    }

    private static async Task PrepareOnceAsync(ICluster cluster, IAuditLog audit, StoreSpec spec, string baseDomain, AuditStamp stamp)
    {
        await audit.RecordAsync(stamp.Entry(Steps.Accepted, "create", AuditOutcome.Accepted, $"engine {spec.Engine}, plan {spec.Plan}"), CancellationToken.None);
        var naming = new StoreNaming(spec.Name, baseDomain);
        var existing = await cluster.GetStoreAsync(spec.Name, CancellationToken.None);
        if (existing is { Terminating: true })
        {
            throw new PermanentException($"Namespace {naming.Namespace} is still being deleted; wait until the deletion finishes, then create the store again.");
        }

        StoreLifecycle.Move(existing?.Phase, StoreStatus.Provisioning);
        var annotations = new Dictionary<string, string>(naming.NamespaceAnnotations(spec, stamp.OperationId))
        {
            [StoreNaming.AnnotationPhase] = StoreStatus.Provisioning.ToString(),
        };
        await cluster.PrepareNamespaceAsync(
            new NamespaceSpec(naming.Namespace, naming.NamespaceLabels(spec.Engine, spec.Plan), annotations),
            CancellationToken.None);
        await cluster.EnsureCredentialsAsync(
            naming.Namespace,
            naming.CredentialsSecret,
            naming.CommonLabels(spec.Engine, spec.Plan),
            CancellationToken.None);
    }
}
