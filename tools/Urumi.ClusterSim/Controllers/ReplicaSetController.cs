using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>Keeps spec.replicas pods per ReplicaSet and reports their readiness in its status.</summary>
internal sealed class ReplicaSetController(ControllerContext context)
{
    public void Reconcile(WorkItem item)
    {
        var rs = context.Store.TryGet(ResourceCatalog.ReplicaSets, item.Namespace, item.Name);
        if (rs is null || ControllerContext.IsDeleting(rs))
        {
            return;
        }

        var desired = (int)(rs.Num("spec", "replicas") ?? 1);
        var pods = context.OwnedPods(item.Namespace, rs.Uid()).Where(p => !ControllerContext.IsDeleting(p)).ToList();
        var failedCreate = false;
        for (var i = pods.Count; i < desired; i++)
        {
            var pod = ControllerContext.PodFromTemplate(rs, rs.At("spec", "template"), $"{rs.Name()}-{ObjectStore.RandomSuffix(5)}");
            if (!context.TryCreatePod(rs, pod, "replicaset-controller"))
            {
                failedCreate = true;
                break;
            }
        }

        foreach (var extra in pods.OrderBy(p => ControllerContext.IsPodReady(p)).Take(Math.Max(0, pods.Count - desired)))
        {
            try
            {
                context.Store.Delete(ResourceCatalog.Pods, extra.Namespace(), extra.Name());
            }
            catch (ApiException)
            {
                // Already gone.
            }
        }

        pods = context.OwnedPods(item.Namespace, rs.Uid()).Where(p => !ControllerContext.IsDeleting(p)).ToList();
        var ready = pods.Count(ControllerContext.IsPodReady);
        var now = context.Now;
        context.Store.Update(ResourceCatalog.ReplicaSets, item.Namespace, item.Name, r =>
        {
            var status = r.Obj("status");
            status["replicas"] = pods.Count;
            status["fullyLabeledReplicas"] = pods.Count;
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
            status["observedGeneration"] = r.Num("metadata", "generation");
            if (failedCreate)
            {
                Json.SetCondition(status, "ReplicaFailure", true, "FailedCreate", "pods is forbidden: violates PodSecurity \"restricted:latest\"", now);
            }
            else
            {
                Json.RemoveCondition(status, "ReplicaFailure");
                if (status["conditions"] is JsonArray { Count: 0 })
                {
                    status.Remove("conditions");
                }
            }
        }, status: true, fieldManager: "replicaset-controller");
    }
}
