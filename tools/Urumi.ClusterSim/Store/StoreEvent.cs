using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>A committed change: ADDED, MODIFIED or DELETED (the object as it was deleted).</summary>
public sealed record StoreEvent(string Type, StoredObject Current, StoredObject? Previous)
{
    public ApiResource Resource => Current.Resource;

    public long ResourceVersion => Current.ResourceVersion;
}
