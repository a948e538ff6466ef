using Urumi.Domain.Ports;

namespace Urumi.Testing;

/// <summary>An <see cref="IStoreInventory"/> that lists the stores from the cluster on every call (no watch): for handler tests over a mocked <see cref="ICluster"/>.</summary>
public sealed class ListingInventory(ICluster cluster) : IStoreInventory
{
    public Task<IReadOnlyList<ManagedStore>> ListAsync(CancellationToken cancellationToken) => cluster.ListStoresAsync(cancellationToken);
}
