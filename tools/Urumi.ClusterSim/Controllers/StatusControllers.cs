using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>The small status writers: the ingress controller's load-balancer address and ResourceQuota totals.</summary>
internal sealed class StatusControllers(ControllerContext context)
{
    public void ReconcileIngress(WorkItem item) =>
        context.Store.Update(ResourceCatalog.Ingresses, item.Namespace, item.Name, i =>
            i.Obj("status")["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }) },
            status: true, fieldManager: "ingress-controller");

    public void ReconcileQuota(WorkItem item, ApiResource quotas) =>
        context.Store.Update(quotas, item.Namespace, item.Name, q =>
        {
            var hard = q.At("spec", "hard")?.DeepClone() as JsonObject ?? new JsonObject();
            var used = new JsonObject();
            foreach (var (key, _) in hard)
            {
                used[key] = "0";
            }

            q["status"] = new JsonObject { ["hard"] = hard, ["used"] = used };
        }, status: true, fieldManager: "resourcequota-controller");
}
