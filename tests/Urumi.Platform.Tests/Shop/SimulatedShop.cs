using System.Text;
using System.Text.Json.Nodes;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Ingress;
using Urumi.ClusterSim.Store;

namespace Urumi.Platform.Tests.Shop;

/// <summary>
/// One store behind the cluster simulator's ingress, as the store chart renders it (credentials
/// Secret, WordPress Deployment, Service, Ingress for <see cref="StoreHost"/>), answered by the
/// simulator's WooCommerce emulation — the same one the end-to-end tests and <c>./urumi up --simulate</c> use.
/// </summary>
internal sealed class SimulatedShop : IAsyncDisposable
{
    public const string StoreHost = "shop1.stores.urumi.test";
    public const string AdminUser = "urumi-admin";
    public const string ApplicationPassword = "Zq7v Kp2m Xw9r Lb4t Nc6y Hd8s";
    private const string Ns = "store-shop1";
    private const string Name = "shop1-wordpress";

    private SimulatedShop(ClusterSimulator sim) => Sim = sim;

    public ClusterSimulator Sim { get; }

    /// <summary>Where the shop probe sends its requests (with the store's Host header).</summary>
    public Uri Address => Sim.IngressUri;

    /// <summary>The emulated WooCommerce of the store: its settings, requests and orders.</summary>
    public WooCommerceStore Store => Sim.Shop(StoreHost)!;

    public static async Task<SimulatedShop> StartAsync()
    {
        var shop = new SimulatedShop(await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) }));
        shop.Seed();
        await Eventually.TrueAsync(() => Json.HasCondition(shop.Sim.Store.TryGet(ResourceCatalog.Deployments, Ns, Name), "Available"), "the store's WordPress Deployment Available");
        return shop;
    }

    /// <summary>The Authorization header WordPress accepts for the admin user with <paramref name="password"/>.</summary>
    public static string BasicAuthorization(string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{password}"));

    /// <summary>Puts another application password in the store's credentials Secret (as if it had been rotated).</summary>
    public void RotateApplicationPassword(string password) =>
        Sim.Store.Update(ResourceCatalog.Secrets, Ns, "shop1-creds", secret => secret.Obj("data")["wp-app-password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)));

    /// <summary>Scales WordPress to zero: the ingress answers 503 once no Ready pod is left.</summary>
    public Task StopWordPressAsync()
    {
        Sim.Store.Update(ResourceCatalog.Deployments, Ns, Name, deployment => deployment.Obj("spec")["replicas"] = 0);
        return Eventually.TrueAsync(() => Sim.Store.List(ResourceCatalog.Pods, Ns).Count == 0, "the WordPress pods gone");
    }

    /// <summary>Starts a setup Job that fails: until one completes, WordPress redirects to its install page.</summary>
    public void FailSetup()
    {
        Sim.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure, Namespace = Ns });
        Sim.Store.Create(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = "shop1-setup", ["namespace"] = Ns },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = 0,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["restartPolicy"] = "Never", ["containers"] = new JsonArray(new JsonObject { ["name"] = "setup", ["image"] = "wordpress:cli" }) },
                },
            },
        });
    }

    public ValueTask DisposeAsync() => Sim.DisposeAsync();

    private void Seed()
    {
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "shop1-creds", ["namespace"] = Ns },
            ["stringData"] = new JsonObject
            {
                ["admin-user"] = AdminUser,
                ["admin-password"] = "admin-secret",
                ["admin-email"] = "admin@example.invalid",
                ["wp-app-password"] = ApplicationPassword,
            },
        });
        Sim.Store.Create(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "wordpress", ["image"] = "wordpress:6.8.3" }) },
                },
            },
        });
        Sim.Store.Create(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME","namespace":"NS"},
             "spec":{"selector":{"app":"NAME"},"ports":[{"name":"http","port":80}]}}
            """.Replace("NAME", Name, StringComparison.Ordinal).Replace("NS", Ns, StringComparison.Ordinal))!.AsObject());
        Sim.Store.Create(JsonNode.Parse("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"NAME","namespace":"NS"},
             "spec":{"rules":[{"host":"STOREHOST","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"NAME","port":{"name":"http"}}}}]}}]}}
            """.Replace("NAME", Name, StringComparison.Ordinal).Replace("NS", Ns, StringComparison.Ordinal).Replace("STOREHOST", StoreHost, StringComparison.Ordinal))!.AsObject());
    }
}
