namespace Urumi.Domain.Ports;

/// <summary>
/// The managed stores as a watch last saw them: answers the API's admission (owner quota, existing names)
/// and the stores-by-phase gauge without a request to the cluster per call. It can trail the cluster by
/// the time a watch event takes to arrive; a store just admitted is counted by the admission itself.
/// </summary>
public interface IStoreInventory
{
    /// <summary>The stores, from memory once the first list has arrived; before that (or while the watch is broken), listed from the cluster.</summary>
    Task<IReadOnlyList<ManagedStore>> ListAsync(CancellationToken cancellationToken);
}
