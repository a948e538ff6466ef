using System.Text;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>Per-kind admission: defaults, create-time allocation, status on create, immutable fields.</summary>
internal class KindStrategy
{
    private static readonly Dictionary<string, KindStrategy> ByKind = new(StringComparer.Ordinal)
    {
        ["Namespace"] = new NamespaceStrategy(),
        ["Secret"] = new SecretStrategy(),
        ["Service"] = new ServiceStrategy(),
        ["Pod"] = new PodStrategy(),
        ["PersistentVolumeClaim"] = new PvcStrategy(),
        ["Deployment"] = new DeploymentStrategy(),
        ["ReplicaSet"] = new ReplicaSetStrategy(),
        ["StatefulSet"] = new StatefulSetStrategy(),
        ["Job"] = new JobStrategy(),
    };

    private static readonly KindStrategy Generic = new();

    public static KindStrategy For(ApiResource resource) =>
        resource.Group is "" or "apps" or "batch" && ByKind.TryGetValue(resource.Kind, out var strategy) ? strategy : Generic;

    /// <summary>Called once, on create: the status a new object starts with, allocations.</summary>
    public virtual void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource)
    {
        if (resource.HasStatus)
        {
            obj.Remove("status");
        }
    }

    /// <summary>Idempotent defaults applied on every write (so a re-apply without them changes nothing).</summary>
    public virtual void Default(JsonObject obj)
    {
    }

    public virtual void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated)
    {
    }

    protected static void Immutable(ApiResource resource, JsonObject old, JsonObject updated, string field, params string[] path)
    {
        if (!Json.Same(old.At(path), updated.At(path)))
        {
            throw ApiException.Invalid(resource, updated.Name(), field, "field is immutable");
        }
    }

    protected static void DefaultValue(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>Pod spec defaults as the API server applies them (subset).</summary>
    protected static void DefaultPodSpec(JsonObject spec)
    {
        DefaultValue(spec, "restartPolicy", "Always");
        DefaultValue(spec, "terminationGracePeriodSeconds", 30);
        DefaultValue(spec, "dnsPolicy", "ClusterFirst");
        DefaultValue(spec, "securityContext", new JsonObject());
        DefaultValue(spec, "schedulerName", "default-scheduler");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            foreach (var container in containers.OfType<JsonObject>())
            {
                var image = container.Str("image") ?? "";
                DefaultValue(container, "imagePullPolicy", image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal) ? "Always" : "IfNotPresent");
                DefaultValue(container, "terminationMessagePath", "/dev/termination-log");
                DefaultValue(container, "terminationMessagePolicy", "File");
                DefaultValue(container, "resources", new JsonObject());
                if (container["ports"] is JsonArray ports)
                {
                    foreach (var port in ports.OfType<JsonObject>())
                    {
                        DefaultValue(port, "protocol", "TCP");
                    }
                }
            }
        }
    }
}

/// <summary>What strategies may allocate from the store.</summary>
internal sealed class StoreContext
{
    private int nextServiceIp = 10;

    public string AllocateClusterIp()
    {
        var n = Interlocked.Increment(ref nextServiceIp);
        return $"10.43.{n / 250}.{(n % 250) + 1}";
    }
}

internal sealed class NamespaceStrategy : KindStrategy
{
    public override void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource)
    {
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        obj.Obj("spec")["finalizers"] = new JsonArray("kubernetes");
    }

    public override void Default(JsonObject obj) =>
        obj.Metadata().Obj("labels")["kubernetes.io/metadata.name"] = obj.Name();
}

internal sealed class SecretStrategy : KindStrategy
{
    public override void Default(JsonObject obj)
    {
        DefaultValue(obj, "type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj.Obj("data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }

            obj.Remove("stringData");
        }
    }

    public override void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated)
    {
        if (old.Bool("immutable") == true)
        {
            Immutable(resource, old, updated, "data", "data");
        }
    }
}

internal sealed class ServiceStrategy : KindStrategy
{
    public override void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        var spec = obj.Obj("spec");
        if (spec.Str("type") is null or "ClusterIP" or "NodePort" or "LoadBalancer" && string.IsNullOrEmpty(spec.Str("clusterIP")))
        {
            spec["clusterIP"] = context.AllocateClusterIp();
        }
    }

    public override void Default(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        DefaultValue(spec, "type", "ClusterIP");
        DefaultValue(spec, "sessionAffinity", "None");
        DefaultValue(spec, "ipFamilies", new JsonArray("IPv4"));
        DefaultValue(spec, "ipFamilyPolicy", "SingleStack");
        DefaultValue(spec, "internalTrafficPolicy", "Cluster");
        if (spec.Str("clusterIP") is { } ip)
        {
            spec["clusterIPs"] = new JsonArray(ip);
        }

        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                DefaultValue(port, "protocol", "TCP");
                DefaultValue(port, "targetPort", port["port"]?.DeepClone() ?? 0);
            }
        }
    }

    public override void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated)
    {
        // An apply that does not mention clusterIP keeps the allocated one.
        var spec = updated.Obj("spec");
        if (spec["clusterIP"] is null && old.Str("spec", "clusterIP") is { } ip)
        {
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }

        Immutable(resource, old, updated, "spec.clusterIP", "spec", "clusterIP");
    }
}

internal sealed class PodStrategy : KindStrategy
{
    public override void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        obj.Obj("spec")["nodeName"] ??= "sim-node-1";
    }

    public override void Default(JsonObject obj) => DefaultPodSpec(obj.Obj("spec"));
}

internal sealed class PvcStrategy : KindStrategy
{
    public override void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource) =>
        obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override void Default(JsonObject obj) => DefaultValue(obj.Obj("spec"), "volumeMode", "Filesystem");
}

internal sealed class DeploymentStrategy : KindStrategy
{
    public override void Default(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        DefaultValue(spec, "replicas", 1);
        DefaultValue(spec, "revisionHistoryLimit", 10);
        DefaultValue(spec, "progressDeadlineSeconds", 600);
        DefaultValue(spec.Obj("strategy"), "type", "RollingUpdate");
        if (spec.Str("strategy", "type") == "RollingUpdate")
        {
            var rolling = spec.Obj("strategy", "rollingUpdate");
            DefaultValue(rolling, "maxUnavailable", "25%");
            DefaultValue(rolling, "maxSurge", "25%");
        }

        DefaultPodSpec(spec.Obj("template", "spec"));
    }

    public override void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated) =>
        Immutable(resource, old, updated, "spec.selector", "spec", "selector");
}

internal sealed class ReplicaSetStrategy : KindStrategy
{
    public override void Default(JsonObject obj)
    {
        DefaultValue(obj.Obj("spec"), "replicas", 1);
        DefaultPodSpec(obj.Obj("spec", "template", "spec"));
    }
}

internal sealed class StatefulSetStrategy : KindStrategy
{
    public override void Default(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        DefaultValue(spec, "replicas", 1);
        DefaultValue(spec, "podManagementPolicy", "OrderedReady");
        DefaultValue(spec, "revisionHistoryLimit", 10);
        DefaultValue(spec.Obj("updateStrategy"), "type", "RollingUpdate");
        if (spec.Str("updateStrategy", "type") == "RollingUpdate")
        {
            DefaultValue(spec.Obj("updateStrategy", "rollingUpdate"), "partition", 0);
        }

        DefaultValue(spec, "persistentVolumeClaimRetentionPolicy", new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" });
        DefaultPodSpec(spec.Obj("template", "spec"));
        if (spec["volumeClaimTemplates"] is JsonArray templates)
        {
            foreach (var template in templates.OfType<JsonObject>())
            {
                DefaultValue(template, "apiVersion", "v1");
                DefaultValue(template, "kind", "PersistentVolumeClaim");
                DefaultValue(template.Obj("spec"), "volumeMode", "Filesystem");
            }
        }
    }

    public override void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated)
    {
        foreach (var field in new[] { "selector", "serviceName", "podManagementPolicy", "volumeClaimTemplates" })
        {
            if (!Json.Same(old.At("spec", field), updated.At("spec", field)))
            {
                throw ApiException.Invalid(resource, updated.Name(), "spec", "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
            }
        }
    }
}

internal sealed class JobStrategy : KindStrategy
{
    public override void PrepareForCreate(JsonObject obj, StoreContext context, ApiResource resource)
    {
        base.PrepareForCreate(obj, context, resource);
        var spec = obj.Obj("spec");
        if (spec.Bool("manualSelector") == true)
        {
            return;
        }

        var uid = obj.Uid();
        var name = obj.Name();
        var selectorLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["batch.kubernetes.io/controller-uid"] = uid };
        spec["selector"] = new JsonObject { ["matchLabels"] = Json.ToJsonObject(selectorLabels) };
        var labels = spec.Obj("template", "metadata", "labels");
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }

    public override void Default(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        DefaultValue(spec, "parallelism", 1);
        DefaultValue(spec, "completions", 1);
        DefaultValue(spec, "backoffLimit", 6);
        DefaultValue(spec, "completionMode", "NonIndexed");
        DefaultValue(spec, "suspend", false);
        DefaultValue(spec, "podReplacementPolicy", "TerminatingOrFailed");
        DefaultPodSpec(spec.Obj("template", "spec"));
    }

    public override void ValidateUpdate(ApiResource resource, JsonObject old, JsonObject updated)
    {
        // An apply that omits the generated selector and labels keeps them.
        var spec = updated.Obj("spec");
        if (spec["selector"] is null && old.At("spec", "selector") is { } selector)
        {
            spec["selector"] = selector.DeepClone();
        }

        var labels = spec.Obj("template", "metadata", "labels");
        foreach (var (key, value) in Json.StringMap(old.At("spec", "template", "metadata", "labels")))
        {
            if (key is "batch.kubernetes.io/controller-uid" or "batch.kubernetes.io/job-name" or "controller-uid" or "job-name" && labels[key] is null)
            {
                labels[key] = value;
            }
        }

        Immutable(resource, old, updated, "spec.selector", "spec", "selector");
        Immutable(resource, old, updated, "spec.template", "spec", "template");
    }
}
