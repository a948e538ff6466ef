using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>Deletes the dependents of a deleted owner (background propagation), recursively via their own deletions.</summary>
internal sealed class GarbageCollector(ControllerContext context)
{
    public void Collect(WorkItem item)
    {
        var ownerUid = item.Name;
        foreach (var resource in ResourceCatalog.All.Where(r => r.Namespaced))
        {
            foreach (var dependent in context.Store.List(resource, item.Namespace).Where(o => ObjectStore.OwnerUids(o).Contains(ownerUid)))
            {
                try
                {
                    context.Store.Delete(resource, dependent.Namespace(), dependent.Name());
                }
                catch (ApiException)
                {
                    // Already gone.
                }
            }
        }
    }
}
