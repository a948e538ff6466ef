using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows.Activities;

/// <summary>The one way activities record a store's status on its namespace: through the lifecycle's rules.</summary>
internal static class StoreStatusWriter
{
    /// <returns>False when there is no namespace left to annotate.</returns>
    public static async Task<bool> SetAsync(ICluster cluster, StoreName name, StoreStatus status, string? lastError)
    {
        var store = await cluster.GetStoreAsync(name, CancellationToken.None);
        if (store is null)
        {
            return false;
        }

        StoreLifecycle.Move(store.Phase, status);
        await cluster.SetPhaseAsync(store.Namespace, status, lastError, CancellationToken.None);
        return true;
    }
}
