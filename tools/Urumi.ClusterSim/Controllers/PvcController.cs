using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>Binds every PVC after the bind delay (a dynamic provisioner with unlimited capacity).</summary>
internal sealed class PvcController(ControllerContext context)
{
    public void Reconcile(WorkItem item)
    {
        var claim = context.Store.TryGet(ResourceCatalog.PersistentVolumeClaims, item.Namespace, item.Name);
        if (claim is null || ControllerContext.IsDeleting(claim) || claim.Str("status", "phase") == "Bound")
        {
            return;
        }

        var created = Json.ParseTime(claim.Str("metadata", "creationTimestamp")) ?? context.Now;
        var due = created + context.Options.BindDelay - context.Now;
        if (due > TimeSpan.Zero)
        {
            context.Requeue(item, due);
            return;
        }

        var volume = "pvc-" + claim.Uid();
        context.Store.Update(ResourceCatalog.PersistentVolumeClaims, item.Namespace, item.Name, c =>
        {
            c.Obj("spec")["volumeName"] = volume;
            c.Obj("spec")["storageClassName"] ??= "local-path";
            c.Metadata().Obj("annotations")["pv.kubernetes.io/bind-completed"] = "yes";
        }, fieldManager: "persistentvolume-controller");
        context.Store.Update(ResourceCatalog.PersistentVolumeClaims, item.Namespace, item.Name, c =>
        {
            var status = c.Obj("status");
            status["phase"] = "Bound";
            status["accessModes"] = c.At("spec", "accessModes")?.DeepClone() ?? new JsonArray("ReadWriteOnce");
            status["capacity"] = new JsonObject { ["storage"] = c.Str("spec", "resources", "requests", "storage") ?? "1Gi" };
        }, status: true, fieldManager: "persistentvolume-controller");
    }
}
