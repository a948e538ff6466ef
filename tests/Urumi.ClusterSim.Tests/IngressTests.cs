using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Platform.Shop;

namespace Urumi.ClusterSim.Tests;

/// <summary>The ingress emulation, checked with the product's real shop probe.</summary>
public sealed class IngressTests
{
    internal const string Ns = "store-shop1";
    internal const string Host = "shop1.shops.example.test";
    internal const string AppPassword = "Zq7v Kp2m Xw9r Lb4t Nc6y Hd8s";
    internal static readonly ShopChecks AllChecks = new(WooCommerceEngine.EngineId, Storefront: true, StoreApiProducts: true, ManualPayment: true, TestOrder: true);

    [Fact]
    public async Task Probe_ReadyStore_PassesEveryCheckAndDeletesItsTestOrder()
    {
        await using var sim = await StartAsync();
        SeedStore(sim);
        await WaitForReadyAsync(sim);

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials(AppPassword), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        var shop = sim.Shop(Host)!;
        Assert.Equal(result.TestOrderId, Assert.Single(shop.DeletedOrders));
        Assert.Empty(shop.OpenOrders);
    }

    [Fact]
    public async Task Probe_StoreInstalledByHelm_Passes()
    {
        await using var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(100) });
        sim.CreateNamespace("shop1");
        sim.Store.Create(TestEnvironment.CredentialsSecret("shop1", "shop1-creds", AppPassword));
        using var helm = new HelmSession(sim);
        var install = await helm.UpgradeInstallAsync("shop1", "shop1", TestEnvironment.MiniStoreChart, "--wait", "--timeout", "30s");
        Assert.True(install.ExitCode == 0, install.ToString());

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials(AppPassword), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
    }

    [Fact]
    public async Task Ingress_UnknownHost_AnswersNotFound()
    {
        await using var sim = await StartAsync();

        var response = await GetAsync(sim, "unknown.example.test", "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Ingress_WordPressNotReady_AnswersServiceUnavailable()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = Ns });
        SeedStore(sim);

        var response = await GetAsync(sim, Host, "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Probe_WrongApplicationPassword_FailsAtCleanup()
    {
        await using var sim = await StartAsync();
        SeedStore(sim);
        await WaitForReadyAsync(sim);

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials("wrong password"), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("cleanup", result.Step);
    }

    [Fact]
    public async Task Storefront_SetupJobNotComplete_RedirectsToInstaller()
    {
        await using var sim = await StartAsync();
        SeedStore(sim);
        sim.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure });
        sim.Store.Create(TestEnvironment.Job(Ns, "setup"));
        await WaitForReadyAsync(sim);

        var response = await GetAsync(sim, Host, "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/wp-admin/install.php", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CartAddItem_WithoutNonce_IsUnauthorized()
    {
        await using var sim = await StartAsync();
        SeedStore(sim);
        await WaitForReadyAsync(sim);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sim.IngressUri, "/wp-json/wc/store/v1/cart/add-item")) { Content = new StringContent("""{"id":15,"quantity":1}""") };
        request.Headers.Host = Host;
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static async Task<ClusterSimulator> StartAsync()
    {
        var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        sim.CreateNamespace(Ns);
        return sim;
    }

    /// <summary>What the store chart renders for the ingress path: credentials, WordPress Deployment, Service, Ingress.</summary>
    internal static void SeedStore(ClusterSimulator sim)
    {
        sim.Store.Create(TestEnvironment.CredentialsSecret(Ns, "shop1-creds", AppPassword));
        sim.Store.Create(TestEnvironment.Deployment(Ns, "shop1-wordpress", "wordpress:6.8.3"));
        sim.Store.Create(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"shop1-wordpress","namespace":"store-shop1"},
             "spec":{"selector":{"app":"shop1-wordpress"},"ports":[{"name":"http","port":80}]}}
            """)!.AsObject());
        sim.Store.Create(JsonNode.Parse("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"shop1-wordpress","namespace":"store-shop1"},
             "spec":{"rules":[{"host":"HOST","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"shop1-wordpress","port":{"name":"http"}}}}]}}]}}
            """.Replace("HOST", Host, StringComparison.Ordinal))!.AsObject());
    }

    internal static Task WaitForReadyAsync(ClusterSimulator sim) =>
        Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Deployments, Ns, "shop1-wordpress"), "Available"), "the shop1-wordpress Deployment Available");

    private static async Task<HttpResponseMessage> GetAsync(ClusterSimulator sim, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sim.IngressUri, path));
        request.Headers.Host = host;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        return await http.SendAsync(request);
    }

    internal static WooCommerceShopProbe Probe(ClusterSimulator sim) =>
        new(new SingleClientFactory(), Options.Create(new ShopProbeOptions { IngressAddress = sim.IngressUri }), NullLogger<WooCommerceShopProbe>.Instance);

    internal static StoreCredentials Credentials(string applicationPassword) =>
        new("urumi-admin", "admin-secret", "admin@example.test", applicationPassword);

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new HttpClientHandler { AllowAutoRedirect = false });
    }
}
