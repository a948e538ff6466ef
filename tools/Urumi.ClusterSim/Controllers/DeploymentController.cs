using System.Globalization;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>
/// Rolls a Deployment out through ReplicaSets named <c>{deployment}-{pod-template-hash}</c>: the new
/// one is scaled up at once (surge), the old ones down only when the new one is fully available,
/// so a broken upgrade keeps the old pods serving. Status fields and conditions as kstatus reads them.
/// </summary>
internal sealed class DeploymentController(ControllerContext context)
{
    public void Reconcile(WorkItem item)
    {
        var deployment = context.Store.TryGet(ResourceCatalog.Deployments, item.Namespace, item.Name);
        if (deployment is null || ControllerContext.IsDeleting(deployment))
        {
            return;
        }

        var ns = item.Namespace;
        var desired = (int)(deployment.Num("spec", "replicas") ?? 1);
        var hash = ControllerContext.TemplateHash(deployment.At("spec", "template"));
        var newName = $"{deployment.Name()}-{hash}";
        var owned = context.Store.List(ResourceCatalog.ReplicaSets, ns).Where(r => ControllerContext.IsControlledBy(r, deployment.Uid())).ToList();
        var newRs = owned.FirstOrDefault(r => r.Name() == newName);
        var revision = 1 + owned.Select(r => long.TryParse(r.Str("metadata", "annotations", "deployment.kubernetes.io/revision"), out var n) ? n : 0).DefaultIfEmpty(0).Max();
        if (newRs is null)
        {
            newRs = CreateReplicaSet(deployment, newName, hash, desired, revision);
            if (newRs is null)
            {
                return;
            }
        }
        else if (newRs.Num("spec", "replicas") != desired || newRs.Str("metadata", "annotations", "deployment.kubernetes.io/revision") != CurrentRevision(owned, newRs, revision))
        {
            var revisionText = CurrentRevision(owned, newRs, revision);
            newRs = context.Store.Update(ResourceCatalog.ReplicaSets, ns, newName, r =>
            {
                r.Obj("spec")["replicas"] = desired;
                r.Metadata().Obj("annotations")["deployment.kubernetes.io/revision"] = revisionText;
            }, fieldManager: "deployment-controller") ?? newRs;
        }

        var olds = owned.Where(r => r.Name() != newName).ToList();
        var recreate = deployment.Str("spec", "strategy", "type") == "Recreate";
        var newAvailable = (int)(newRs.Num("status", "availableReplicas") ?? 0);
        if (recreate || newAvailable >= desired)
        {
            foreach (var old in olds.Where(o => (o.Num("spec", "replicas") ?? 0) != 0))
            {
                context.Store.Update(ResourceCatalog.ReplicaSets, ns, old.Name(), r => r.Obj("spec")["replicas"] = 0, fieldManager: "deployment-controller");
            }
        }

        UpdateStatus(deployment, newRs, olds, desired);
    }

    private static string CurrentRevision(List<JsonObject> owned, JsonObject newRs, long next)
    {
        // A ReplicaSet that becomes current again (rollback) gets the next revision number.
        var own = newRs.Str("metadata", "annotations", "deployment.kubernetes.io/revision");
        var highest = owned.Select(r => long.TryParse(r.Str("metadata", "annotations", "deployment.kubernetes.io/revision"), out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return long.TryParse(own, out var mine) && mine == highest ? own! : next.ToString(CultureInfo.InvariantCulture);
    }

    private JsonObject? CreateReplicaSet(JsonObject deployment, string name, string hash, int desired, long revision)
    {
        var template = deployment.At("spec", "template")!.DeepClone().AsObject();
        template.Obj("metadata", "labels")["pod-template-hash"] = hash;
        var selector = deployment.At("spec", "selector")?.DeepClone().AsObject() ?? new JsonObject();
        selector.Obj("matchLabels")["pod-template-hash"] = hash;
        var labels = Json.StringMap(deployment.At("spec", "template", "metadata", "labels"));
        labels["pod-template-hash"] = hash;
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = deployment.Namespace(),
                ["labels"] = Json.ToJsonObject(labels),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (desired + 1).ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(ControllerContext.OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["replicas"] = desired, ["selector"] = selector, ["template"] = template },
        };
        try
        {
            return context.Store.Create(ResourceCatalog.ReplicaSets, deployment.Namespace(), rs, "deployment-controller");
        }
        catch (ApiException)
        {
            return null;
        }
    }

    private void UpdateStatus(JsonObject deployment, JsonObject newRs, List<JsonObject> olds, int desired)
    {
        var all = olds.Append(newRs).ToList();
        int Sum(string field) => all.Sum(r => (int)(r.Num("status", field) ?? 0));
        var replicas = Sum("replicas");
        var ready = Sum("readyReplicas");
        var available = Sum("availableReplicas");
        var updated = (int)(newRs.Num("status", "replicas") ?? 0);
        var newAvailable = (int)(newRs.Num("status", "availableReplicas") ?? 0);
        var maxUnavailable = deployment.Str("spec", "strategy", "type") == "Recreate"
            ? 0
            : ControllerContext.IntOrPercent(deployment.At("spec", "strategy", "rollingUpdate", "maxUnavailable"), desired, roundUp: false);
        var complete = updated == desired && replicas == desired && newAvailable == desired && olds.All(o => (o.Num("status", "replicas") ?? 0) == 0);
        var replicaFailure = Json.HasCondition(newRs, "ReplicaFailure");
        var now = context.Now;
        var deadline = deployment.Num("spec", "progressDeadlineSeconds");
        var progressStart = Json.ParseTime(newRs.Str("metadata", "creationTimestamp")) ?? now;
        var timedOut = !complete && deadline is { } seconds && now - progressStart > TimeSpan.FromSeconds(seconds);
        if (!complete && !timedOut && deadline is { } s)
        {
            context.Requeue(new WorkItem("Deployment", deployment.Namespace(), deployment.Name()), progressStart + TimeSpan.FromSeconds(s) - now + TimeSpan.FromMilliseconds(50));
        }

        var rsName = newRs.Name();
        context.Store.Update(ResourceCatalog.Deployments, deployment.Namespace(), deployment.Name(), d =>
        {
            var status = d.Obj("status");
            status["observedGeneration"] = d.Num("metadata", "generation");
            status["replicas"] = replicas;
            status["updatedReplicas"] = updated;
            status["readyReplicas"] = ready;
            status["availableReplicas"] = available;
            if (desired - available > 0)
            {
                status["unavailableReplicas"] = desired - available;
            }
            else
            {
                status.Remove("unavailableReplicas");
            }

            if (available >= desired - maxUnavailable)
            {
                Json.SetCondition(status, "Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.", now, withUpdateTime: true);
            }
            else
            {
                Json.SetCondition(status, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, withUpdateTime: true);
            }

            if (complete)
            {
                Json.SetCondition(status, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now, withUpdateTime: true);
            }
            else if (timedOut)
            {
                Json.SetCondition(status, "Progressing", false, "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", now, withUpdateTime: true);
            }
            else
            {
                Json.SetCondition(status, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, withUpdateTime: true);
            }

            if (replicaFailure)
            {
                Json.SetCondition(status, "ReplicaFailure", true, "FailedCreate", "pods is forbidden: violates PodSecurity \"restricted:latest\"", now, withUpdateTime: true);
            }
            else
            {
                Json.RemoveCondition(status, "ReplicaFailure");
            }
        }, status: true, fieldManager: "deployment-controller");
    }
}
