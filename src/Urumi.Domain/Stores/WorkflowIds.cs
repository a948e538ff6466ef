namespace Urumi.Domain.Stores;

/// <summary>Deterministic orchestration instance ids: one running operation of each kind per store.</summary>
public static class WorkflowIds
{
    public const string ProvisionPrefix = "provision-";

    public const string DeletePrefix = "delete-";

    public static string Provision(StoreName store) => ProvisionPrefix + store.Value;

    public static string Delete(StoreName store) => DeletePrefix + store.Value;

    public const string UpgradePrefix = "upgrade-";

    public const string RollbackPrefix = "rollback-";

    public static string Upgrade(StoreName store) => UpgradePrefix + store.Value;

    public static string Rollback(StoreName store) => RollbackPrefix + store.Value;

    /// <summary>Every per-store operation id (provision, delete, upgrade, rollback): a store with any of them live is busy.</summary>
    public static IReadOnlyList<string> ForStore(StoreName store) => [Provision(store), Delete(store), Upgrade(store), Rollback(store)];

    /// <summary>The per-store operations that change a store already there (upgrade, rollback).</summary>
    public static IReadOnlyList<string> Changes(StoreName store) => [Upgrade(store), Rollback(store)];

    /// <summary>A new batch create's id (a batch holds each of its stores until it is done).</summary>
    public static string NewBatch() => "batch-" + Guid.NewGuid().ToString("n")[..12];

    /// <summary>A new bulk upgrade's id.</summary>
    public static string NewBulkUpgrade() => "bulk-upgrade-" + Guid.NewGuid().ToString("n")[..12];
}
