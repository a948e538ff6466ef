using System.Globalization;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>
/// Pods <c>{sts}-{ordinal}</c> (OrderedReady: one after the other becomes Ready), PVCs
/// <c>{template}-{sts}-{ordinal}</c> from volumeClaimTemplates (kept on delete, as Retain does),
/// rolling updates from the highest ordinal down, and the revision/replica status kstatus reads.
/// </summary>
internal sealed class StatefulSetController(ControllerContext context)
{
    public void Reconcile(WorkItem item)
    {
        var sts = context.Store.TryGet(ResourceCatalog.StatefulSets, item.Namespace, item.Name);
        if (sts is null || ControllerContext.IsDeleting(sts))
        {
            return;
        }

        var ns = item.Namespace;
        var name = sts.Name();
        var desired = (int)(sts.Num("spec", "replicas") ?? 1);
        var updateRevision = $"{name}-{ControllerContext.TemplateHash(sts.At("spec", "template"))}";
        var parallel = sts.Str("spec", "podManagementPolicy") == "Parallel";
        var pods = Pods(sts);

        for (var ordinal = 0; ordinal < desired; ordinal++)
        {
            if (pods.ContainsKey(ordinal))
            {
                if (!parallel && !ControllerContext.IsPodReady(pods[ordinal]))
                {
                    break;
                }

                continue;
            }

            EnsureClaims(sts, ordinal);
            if (!context.TryCreatePod(sts, NewPod(sts, ordinal, updateRevision), "statefulset-controller") || !parallel)
            {
                break;
            }
        }

        foreach (var (ordinal, pod) in pods.Where(p => p.Key >= desired).OrderByDescending(p => p.Key))
        {
            Delete(pod);
            if (!parallel)
            {
                break;
            }
        }

        // Rolling update: replace the highest outdated pod once every pod is Ready.
        var partition = (int)(sts.Num("spec", "updateStrategy", "rollingUpdate", "partition") ?? 0);
        if (sts.Str("spec", "updateStrategy", "type") != "OnDelete" && pods.Count >= desired && pods.Values.All(ControllerContext.IsPodReady))
        {
            var outdated = pods.Where(p => p.Key < desired && p.Key >= partition && Revision(p.Value) != updateRevision).OrderByDescending(p => p.Key).FirstOrDefault();
            if (outdated.Value is not null)
            {
                Delete(outdated.Value);
            }
        }

        pods = Pods(sts);
        var ready = pods.Values.Count(ControllerContext.IsPodReady);
        var updated = pods.Values.Count(p => Revision(p) == updateRevision);
        context.Store.Update(ResourceCatalog.StatefulSets, ns, name, s =>
        {
            var status = s.Obj("status");
            var currentRevision = status.Str("currentRevision") ?? updateRevision;
            if (updated == desired && ready == desired)
            {
                currentRevision = updateRevision;
            }

            status["observedGeneration"] = s.Num("metadata", "generation");
            status["replicas"] = pods.Count;
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
            status["currentReplicas"] = pods.Values.Count(p => Revision(p) == currentRevision);
            status["updatedReplicas"] = updated;
            status["currentRevision"] = currentRevision;
            status["updateRevision"] = updateRevision;
            status["collisionCount"] = 0;
        }, status: true, fieldManager: "statefulset-controller");
    }

    private Dictionary<int, JsonObject> Pods(JsonObject sts)
    {
        var prefix = sts.Name() + "-";
        var pods = new Dictionary<int, JsonObject>();
        foreach (var pod in context.OwnedPods(sts.Namespace(), sts.Uid()).Where(p => !ControllerContext.IsDeleting(p)))
        {
            if (pod.Name().StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(pod.Name()[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                pods[ordinal] = pod;
            }
        }

        return pods;
    }

    private static string? Revision(JsonObject pod) => pod.Str("metadata", "labels", "controller-revision-hash");

    private void Delete(JsonObject pod)
    {
        try
        {
            context.Store.Delete(ResourceCatalog.Pods, pod.Namespace(), pod.Name());
        }
        catch (ApiException)
        {
            // Already gone.
        }
    }

    private void EnsureClaims(JsonObject sts, int ordinal)
    {
        foreach (var template in (sts.At("spec", "volumeClaimTemplates") as JsonArray ?? []).OfType<JsonObject>())
        {
            var claimName = $"{template.Str("metadata", "name")}-{sts.Name()}-{ordinal.ToString(CultureInfo.InvariantCulture)}";
            if (context.Store.TryGet(ResourceCatalog.PersistentVolumeClaims, sts.Namespace(), claimName) is not null)
            {
                continue;
            }

            var labels = Json.StringMap(template.At("metadata", "labels"));
            foreach (var (key, value) in Json.StringMap(sts.At("spec", "selector", "matchLabels")))
            {
                labels[key] = value;
            }

            try
            {
                context.Store.Create(ResourceCatalog.PersistentVolumeClaims, sts.Namespace(), new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = claimName, ["namespace"] = sts.Namespace(), ["labels"] = Json.ToJsonObject(labels) },
                    ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
                }, "statefulset-controller");
            }
            catch (ApiException)
            {
                // Created concurrently or namespace terminating.
            }
        }
    }

    private static JsonObject NewPod(JsonObject sts, int ordinal, string revision)
    {
        var name = $"{sts.Name()}-{ordinal.ToString(CultureInfo.InvariantCulture)}";
        var pod = ControllerContext.PodFromTemplate(sts, sts.At("spec", "template"), name, new Dictionary<string, string>
        {
            ["controller-revision-hash"] = revision,
            ["statefulset.kubernetes.io/pod-name"] = name,
            ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
        });
        var spec = pod.Obj("spec");
        spec["hostname"] = name;
        if (sts.Str("spec", "serviceName") is { Length: > 0 } service)
        {
            spec["subdomain"] = service;
        }

        var volumes = spec.Arr("volumes");
        foreach (var template in (sts.At("spec", "volumeClaimTemplates") as JsonArray ?? []).OfType<JsonObject>())
        {
            var volumeName = template.Str("metadata", "name");
            volumes.Add(new JsonObject
            {
                ["name"] = volumeName,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = $"{volumeName}-{name}" },
            });
        }

        return pod;
    }
}
