using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>A unit of reconciliation: one object (or, for the garbage collector, one owner uid).</summary>
internal sealed record WorkItem(string Controller, string? Namespace, string Name);

/// <summary>What every controller may use: the store, the faults, the clock, events and requeueing.</summary>
internal sealed class ControllerContext(ObjectStore store, FaultSet faults, SimulatorOptions options, Action<WorkItem, TimeSpan> requeue)
{
    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public ObjectStore Store { get; } = store;

    public FaultSet Faults { get; } = faults;

    public SimulatorOptions Options { get; } = options;

    public DateTimeOffset Now => Store.Now;

    public void Requeue(WorkItem item, TimeSpan after) => requeue(item, after);

    /// <summary>Records a core/v1 Event about <paramref name="involved"/>; a repeated reason counts up (as the real recorder aggregates).</summary>
    public void RecordEvent(JsonObject involved, string type, string reason, string message, string component)
    {
        var ns = involved.Namespace() ?? "default";
        var name = $"{involved.Name()}.{ShortHash(involved.Uid() + reason)}";
        var now = Json.Timestamp(Now);
        try
        {
            var updated = Store.Update(ResourceCatalog.Events, ns, name, e =>
            {
                e["count"] = (e.Num("count") ?? 1) + 1;
                e["message"] = message;
                e["lastTimestamp"] = now;
            });
            if (updated is not null)
            {
                return;
            }

            Store.Create(ResourceCatalog.Events, ns, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = new JsonObject
                {
                    ["kind"] = involved.Str("kind"),
                    ["namespace"] = involved.Namespace(),
                    ["name"] = involved.Name(),
                    ["uid"] = involved.Uid(),
                    ["apiVersion"] = involved.Str("apiVersion"),
                    ["resourceVersion"] = involved.Str("metadata", "resourceVersion"),
                },
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = new JsonObject { ["component"] = component },
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = "",
            });
        }
        catch (ApiException)
        {
            // Namespace gone or terminating: the real event recorder drops the event too.
        }
    }

    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>A stable hash of a pod template, encoded like Kubernetes' pod-template-hash.</summary>
    public static string TemplateHash(JsonNode? template)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(template)));
        var value = BitConverter.ToUInt64(bytes, 0);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(value % (ulong)alphabet.Length)];
            value /= (ulong)alphabet.Length;
        }

        return new string(chars);
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner.Str("apiVersion"),
        ["kind"] = owner.Str("kind"),
        ["name"] = owner.Name(),
        ["uid"] = owner.Uid(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static bool IsControlledBy(JsonNode obj, string ownerUid) =>
        obj.At("metadata", "ownerReferences") is JsonArray refs
        && refs.OfType<JsonObject>().Any(r => r.Str("uid") == ownerUid && r.Bool("controller") == true);

    public static bool IsDeleting(JsonNode? obj) => obj.Str("metadata", "deletionTimestamp") is not null;

    public static bool IsPodReady(JsonNode pod) => Json.HasCondition(pod, "Ready");

    public static IEnumerable<string> Images(JsonNode? podSpec) =>
        ContainerLists
            .SelectMany(list => podSpec.At(list) as JsonArray ?? [])
            .Select(c => c.Str("image") ?? "");

    public List<JsonObject> OwnedPods(string? ns, string ownerUid) =>
        Store.List(ResourceCatalog.Pods, ns).Where(p => IsControlledBy(p, ownerUid)).ToList();

    /// <summary>A new pod from a template, controlled by <paramref name="owner"/>.</summary>
    public static JsonObject PodFromTemplate(JsonObject owner, JsonNode? template, string name, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var labels = Json.StringMap(template.At("metadata", "labels"));
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = owner.Namespace(),
            ["labels"] = Json.ToJsonObject(labels),
            ["ownerReferences"] = new JsonArray(OwnerReference(owner)),
        };
        if (template.At("metadata", "annotations") is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template.At("spec")?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary>Resolves an int-or-percent (e.g. maxUnavailable "25%") against <paramref name="total"/>.</summary>
    public static int IntOrPercent(JsonNode? value, int total, bool roundUp)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.EndsWith('%')
            && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var percent))
        {
            var exact = total * percent / 100.0;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return (int)(value.Num() ?? 0);
    }

    /// <summary>Creates the object unless a rejection fault applies; false (after a FailedCreate event) when rejected.</summary>
    public bool TryCreatePod(JsonObject owner, JsonObject pod, string component)
    {
        var ns = owner.Namespace();
        if (Faults.Match(FaultKind.PodSecurityRejection, ns, owner.Name(), Images(pod["spec"])) is not null)
        {
            RecordEvent(owner, "Warning", "FailedCreate",
                $"Error creating: pods \"{pod.Name()}\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"{(pod.At("spec", "containers") as JsonArray)?.FirstOrDefault().Str("name") ?? "app"}\" must set securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (pod or container must set securityContext.runAsNonRoot=true)",
                component);
            return false;
        }

        try
        {
            Store.Create(ResourceCatalog.Pods, ns, pod, component);
            return true;
        }
        catch (ApiException ex) when (ex.Code is 409 or 403 or 404)
        {
            return false;
        }
    }
}
