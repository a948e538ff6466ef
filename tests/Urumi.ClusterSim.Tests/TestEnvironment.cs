using System.Text.Json.Nodes;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Tests;

/// <summary>Where the tests find helm and the charts, and small helpers shared by the test classes.</summary>
internal static class TestEnvironment
{
    public static string RepoRoot => Urumi.Testing.Repository.Root;

    public static string MiniStoreChart => Path.Combine(RepoRoot, "tests", "charts", "mini-store");

    public static string StoreChart => Path.Combine(RepoRoot, "charts", "urumi-store");

    /// <summary>The store's credentials Secret, with every key the chart expects.</summary>
    public static JsonObject CredentialsSecret(string ns, string name, string applicationPassword = "Zq7v Kp2m Xw9r Lb4t Nc6y Hd8s") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["stringData"] = new JsonObject
        {
            ["admin-user"] = "urumi-admin",
            ["admin-password"] = "admin-secret",
            ["admin-email"] = "admin@example.test",
            ["db-password"] = "db-secret",
            ["db-root-password"] = "root-secret",
            ["wp-app-password"] = applicationPassword,
        },
    };

    public static JsonObject Deployment(string ns, string name, string image = "nginx:1.27", int replicas = 1) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) },
            },
        },
    };

    public static JsonObject Job(string ns, string name, int backoffLimit = 0) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["backoffLimit"] = backoffLimit,
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "setup", ["image"] = "wordpress:cli" }),
                },
            },
        },
    };

    /// <summary><c>helm upgrade --install</c> of <paramref name="chart"/> with store values and the given extra flags.</summary>
    public static Task<HelmOutput> UpgradeInstallAsync(this HelmSession helm, string release, string ns, string chart, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(helm);
        return helm.RunAsync([
            "upgrade", "--install", release, chart, "-n", ns, "--create-namespace",
            "--set", $"store.name={release}", "--set", $"store.host={release}.shops.example.test", "--set", $"existingSecret={release}-creds",
            .. extra,
        ]);
    }

    public static bool HasCondition(JsonObject? obj, string type, string status = "True") => Json.HasCondition(obj, type, status);
}
