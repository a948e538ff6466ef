using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.ClusterSim.Faults;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Platform.Shop;

namespace Urumi.ClusterSim.Tests;

/// <summary>The Medusa emulation behind the real charts/urumi-medusa, checked with the product's real Medusa probe.</summary>
public sealed class MedusaIngressTests
{
    private const string Release = "med1";
    private const string Ns = "med1";
    private const string Host = "med1.shops.example.test";
    private static readonly ShopChecks AllChecks = new MedusaEngine().Checks;

    /// <summary>The probe's storefront answers only once the setup Job is Complete, so wait for the Job too.</summary>
    private static readonly string[] WaitForSetup = ["--wait", "--wait-for-jobs", "--timeout", "60s"];

    [Fact]
    public async Task Probe_MedusaChartInstalledByHelm_PlacesCancelsAndArchivesItsTestOrder()
    {
        await using var sim = await InstallAsync();

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials("admin-secret"), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        Assert.StartsWith("storefront, 1 product, system payment, test order #", result.Detail, StringComparison.Ordinal);
        var shop = sim.Medusa(Host)!;
        Assert.Equal(result.TestOrderId, Assert.Single(shop.ArchivedOrders));
        Assert.Empty(shop.OpenOrders);
    }

    [Fact]
    public async Task Probe_WrongAdminPassword_FailsAtAdminBeforeAnyOrder()
    {
        await using var sim = await InstallAsync();

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials("wrong password"), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("admin", result.Step);
        Assert.Contains("rejected the admin 'admin@example.test'", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password", result.Detail, StringComparison.Ordinal);
        Assert.Empty(sim.Medusa(Host)!.OpenOrders);
    }

    [Fact]
    public async Task StoreApi_WithoutPublishableKey_IsRefusedLikeMedusa()
    {
        await using var sim = await InstallAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sim.IngressUri, "/store/products"));
        request.Headers.Host = Host;
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("not_allowed", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storefront_SetupJobNotComplete_AnswersServiceUnavailable()
    {
        await using var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        sim.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure, Namespace = Ns });
        await InstallChartAsync(sim, wait: false);
        await Eventually.TrueAsync(() => sim.Store.List(Api.ResourceCatalog.Pods, Ns).Count(p => Store.Json.HasCondition(p, "Ready")) >= 4, "four Medusa pods Ready");

        var result = await Probe(sim).VerifyAsync(new ShopProbeRequest(Host, AllChecks), Credentials("admin-secret"), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
    }

    private static async Task<ClusterSimulator> InstallAsync()
    {
        var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        await InstallChartAsync(sim, wait: true);
        return sim;
    }

    private static async Task InstallChartAsync(ClusterSimulator sim, bool wait)
    {
        sim.CreateNamespace(Ns);
        sim.Store.Create(TestEnvironment.CredentialsSecret(Ns, Release + "-creds"));
        using var helm = new HelmSession(sim);
        var chart = Path.Combine(TestEnvironment.RepoRoot, "charts", "urumi-medusa");
        string[] extra = ["-f", Path.Combine(chart, "values-local.yaml"), "--set", "store.engine=medusa", .. wait ? WaitForSetup : []];
        var install = await helm.UpgradeInstallAsync(Release, Ns, chart, extra);
        Assert.True(install.ExitCode == 0, install.ToString());
    }

    private static MedusaShopProbe Probe(ClusterSimulator sim) =>
        new(new SingleClientFactory(), Options.Create(new ShopProbeOptions { IngressAddress = sim.IngressUri }), NullLogger<MedusaShopProbe>.Instance);

    private static StoreCredentials Credentials(string adminPassword) =>
        new("urumi-admin", adminPassword, "admin@example.test", null);

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new HttpClientHandler { AllowAutoRedirect = false });
    }
}
