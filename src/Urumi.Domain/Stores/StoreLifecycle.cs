namespace Urumi.Domain.Stores;

/// <summary>The store lifecycle: which status may follow which.</summary>
public static class StoreLifecycle
{
    /// <summary>
    /// Legal moves. Re-provisioning a Ready or Failed store upgrades it in place; a Deleted store
    /// may be created again; a deletion that cannot finish (a blocking finalizer) ends Failed so
    /// the operator sees it and can retry. An upgrade or rollback keeps a Ready store Ready while it runs;
    /// one whose compensation could not bring the old revision back leaves it Failed, and a later
    /// upgrade or rollback that verifies the shop makes a Failed store Ready again.
    /// </summary>
    private static readonly Dictionary<StoreStatus, StoreStatus[]> Allowed = new()
    {
        [StoreStatus.Provisioning] = [StoreStatus.Ready, StoreStatus.Failed],
        [StoreStatus.Ready] = [StoreStatus.Provisioning, StoreStatus.Deleting, StoreStatus.Failed],
        [StoreStatus.Failed] = [StoreStatus.Provisioning, StoreStatus.Deleting, StoreStatus.Ready],
        [StoreStatus.Deleting] = [StoreStatus.Deleted, StoreStatus.Failed],
        [StoreStatus.Deleted] = [StoreStatus.Provisioning],
    };

    /// <summary>
    /// True when <paramref name="to"/> may follow <paramref name="from"/>. Staying in the same
    /// status is allowed: activities run at least once, so the same move can be asked for twice.
    /// A store with no status yet may only start provisioning.
    /// </summary>
    public static bool CanMove(StoreStatus? from, StoreStatus to) =>
        from is null ? to == StoreStatus.Provisioning : from == to || Allowed[from.Value].Contains(to);

    /// <summary>Returns <paramref name="to"/> or throws when the move is not legal.</summary>
    public static StoreStatus Move(StoreStatus? from, StoreStatus to) =>
        CanMove(from, to) ? to : throw new InvalidStoreTransitionException(from, to);
}
