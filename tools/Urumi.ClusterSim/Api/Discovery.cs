using System.Text.Json.Nodes;
using Urumi.ClusterSim.Controllers;

namespace Urumi.ClusterSim.Api;

/// <summary>
/// <c>/version</c>, legacy discovery (<c>/api</c>, <c>/apis</c>, group-version resource lists) and
/// the OpenAPI v3 documents whose PATCH operations declare <c>fieldValidation</c> — which is what
/// makes Helm leave validation to the server instead of asking for <c>/openapi/v2</c>.
/// </summary>
internal static class Discovery
{
    public const string KubernetesVersion = "v1.35.0";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "35",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "35",
        ["gitVersion"] = KubernetesVersion + "+urumi-sim",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.25.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var group in ResourceCatalog.GroupVersions.Where(g => g.Group.Length > 0).Select(g => g.Group).Distinct())
        {
            groups.Add(Group(group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(string group)
    {
        var versions = ResourceCatalog.GroupVersions.Where(g => g.Group == group).Select(g => g.Version).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var list = new JsonArray(versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToArray());
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = list[0]!.DeepClone(),
        };
    }

    public static JsonObject? ResourceList(string group, string version)
    {
        var resources = ResourceCatalog.All.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var r in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
                ["storageVersionHash"] = ControllerContext.ShortHash(r.ApiVersion + r.Kind)[..11],
            };
            if (r.ShortNames.Length > 0)
            {
                entry["shortNames"] = new JsonArray(r.ShortNames.Select(s => (JsonNode)s).ToArray());
            }

            if (r.Kind is "Pod" or "Service" or "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob")
            {
                entry["categories"] = new JsonArray("all");
            }

            list.Add(entry);
            if (r.HasStatus)
            {
                list.Add(new JsonObject
                {
                    ["name"] = r.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    public static JsonObject OpenApiRoot()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in ResourceCatalog.GroupVersions)
        {
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={ControllerContext.ShortHash(path).ToUpperInvariant()}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? OpenApiGroupVersion(string group, string version)
    {
        var resources = ResourceCatalog.All.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var r in resources)
        {
            var prefix = "/" + r.GroupVersionPath + (r.Namespaced ? "/namespaces/{namespace}/" : "/") + r.Plural + "/{name}";
            var gvk = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind };
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation("read", r, gvk, []),
                ["put"] = Operation("replace", r, gvk, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch", r, gvk, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete", r, gvk, ["dryRun", "gracePeriodSeconds", "propagationPolicy"]),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Operation(string action, ApiResource r, JsonObject gvk, string[] queryParameters)
    {
        var parameters = new JsonArray();
        foreach (var name in queryParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "query",
                ["description"] = name,
                ["schema"] = new JsonObject { ["type"] = name is "force" ? "boolean" : name is "gracePeriodSeconds" ? "integer" : "string", ["uniqueItems"] = true },
            });
        }

        return new JsonObject
        {
            ["tags"] = new JsonArray(r.Group.Length == 0 ? "core_v1" : $"{r.Group.Replace('.', '_')}_{r.Version}"),
            ["operationId"] = $"{action}{r.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action == "read" ? "get" : action == "replace" ? "put" : action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }
}
