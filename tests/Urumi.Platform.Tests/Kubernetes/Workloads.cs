using System.Text.Json.Nodes;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>
/// The workloads a store namespace holds, as manifests for the simulator, whose controllers then
/// create ReplicaSets, pods and their statuses. Each selects its pods with <c>app: {name}</c>.
/// </summary>
internal static class Workloads
{
    public static JsonObject Deployment(string ns, string name, string image = "wordpress:6.8-apache", int replicas = 1) => Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": {
            "replicas": {{replicas}},
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "containers": [ { "name": "wordpress", "image": "{{image}}" } ] }
            }
          }
        }
        """);

    public static JsonObject StatefulSet(string ns, string name, string image = "mariadb:11.4") => Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "StatefulSet",
          "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": {
            "replicas": 1,
            "serviceName": "{{name}}",
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "containers": [ { "name": "mariadb", "image": "{{image}}" } ] }
            }
          }
        }
        """);

    public static JsonObject Job(string ns, string name, int backoffLimit = 0, string image = "wordpress:cli") => Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
          "spec": {
            "backoffLimit": {{backoffLimit}},
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "restartPolicy": "Never", "containers": [ { "name": "setup", "image": "{{image}}" } ] }
            }
          }
        }
        """);

    public static JsonObject PersistentVolumeClaim(string ns, string name, params string[] finalizers) => Parse($$"""
        {
          "apiVersion": "v1", "kind": "PersistentVolumeClaim",
          "metadata": { "name": "{{name}}", "namespace": "{{ns}}", "finalizers": [{{string.Join(", ", finalizers.Select(f => $"\"{f}\""))}}] },
          "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } }
        }
        """);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
