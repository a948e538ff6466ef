using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>
/// Namespace lifecycle: a deleted namespace is Terminating while its content is deleted, then its
/// <c>kubernetes</c> finalizer is removed and it disappears. The BlockNamespaceDeletion fault keeps
/// the <c>sim.urumi.io/blocked</c> finalizer on matching namespaces until the rule is lifted.
/// </summary>
internal sealed class NamespaceController(ControllerContext context)
{
    public const string BlockingFinalizer = "sim.urumi.io/blocked";

    public void Reconcile(WorkItem item)
    {
        var ns = context.Store.TryGet(ResourceCatalog.Namespaces, null, item.Name);
        if (ns is null)
        {
            return;
        }

        var name = ns.Name();
        var blocked = context.Faults.Match(FaultKind.BlockNamespaceDeletion, name, name) is not null;
        var hasBlocker = Finalizers(ns).Contains(BlockingFinalizer);
        var deleting = ControllerContext.IsDeleting(ns);
        if (blocked && !hasBlocker && !deleting)
        {
            context.Store.Update(ResourceCatalog.Namespaces, null, name, n => n.Metadata().Arr("finalizers").Add(BlockingFinalizer), fieldManager: "sim-blocker");
        }

        if (!deleting)
        {
            return;
        }

        var remaining = 0;
        foreach (var resource in ResourceCatalog.All.Where(r => r.Namespaced))
        {
            foreach (var obj in context.Store.List(resource, name))
            {
                remaining++;
                if (!ControllerContext.IsDeleting(obj))
                {
                    try
                    {
                        context.Store.Delete(resource, name, obj.Name());
                    }
                    catch (ApiException)
                    {
                        // Already gone.
                    }
                }
            }
        }

        var now = context.Now;
        if (remaining > 0 && ResourceCatalog.All.Where(r => r.Namespaced).Any(r => context.Store.List(r, name).Count > 0))
        {
            context.Store.Update(ResourceCatalog.Namespaces, null, name, n =>
                Json.SetCondition(n.Obj("status"), "NamespaceContentRemaining", true, "SomeResourcesRemain", "Some resources are remaining", now), status: true, fieldManager: "namespace-controller");
            return;
        }

        if (!blocked && hasBlocker)
        {
            context.Store.Update(ResourceCatalog.Namespaces, null, name, n =>
            {
                if (n.At("metadata", "finalizers") is JsonArray list && list.FirstOrDefault(f => f?.GetValue<string>() == BlockingFinalizer) is { } entry)
                {
                    list.Remove(entry);
                }
            }, fieldManager: "sim-blocker");
        }
        else if (blocked)
        {
            context.Store.Update(ResourceCatalog.Namespaces, null, name, n =>
            {
                var status = n.Obj("status");
                Json.RemoveCondition(status, "NamespaceContentRemaining");
                Json.SetCondition(status, "NamespaceFinalizersRemaining", true, "SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {BlockingFinalizer} in 1 resource instances", now);
            }, status: true, fieldManager: "namespace-controller");
            return;
        }

        // Content gone: drop the kubernetes finalizer; the store deletes the namespace when no finalizer is left.
        context.Store.Update(ResourceCatalog.Namespaces, null, name, n => n.Obj("spec")["finalizers"] = new JsonArray(), fieldManager: "namespace-controller");
    }

    private static List<string> Finalizers(JsonObject ns) =>
        (ns.At("metadata", "finalizers") as JsonArray ?? []).Select(f => f?.GetValue<string>() ?? "").ToList();
}
