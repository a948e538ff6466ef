using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.ClusterSim.Faults;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Platform.Api;
using Urumi.Platform.Kubernetes;
using Urumi.Platform.Storage;
using Urumi.Platform.Tests.Api;
using Urumi.Testing;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>The watch-fed store cache against the simulator: what it sees, what it costs, and the quota it answers.</summary>
public sealed class StoreCacheTests : KubernetesTestBase, IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<StoreCache> caches = [];

    public void Dispose()
    {
        foreach (var cache in caches)
        {
            cache.Dispose();
        }

        services.Dispose();
    }

    [Fact]
    public async Task ListAsync_NamespaceCreatedThenDeletedThroughTheApi_SeenWithoutListingAgain()
    {
        var (cluster, cache) = await StartAsync();
        var lists = Requests.Count("GET", "/namespaces", watch: false);

        await cluster.PrepareNamespaceAsync(Spec("shop1", "alice"), CancellationToken.None);
        var seen = await Eventually.ValueAsync(() => cache.ListAsync(CancellationToken.None), s => s.Any(x => x.Name.Value == "shop1"), "the cache showing shop1");
        Assert.Equal("alice", seen.Single(s => s.Name.Value == "shop1").Owner);

        await cluster.DeleteNamespaceAsync("store-shop1", CancellationToken.None);
        await Eventually.ValueAsync(() => cache.ListAsync(CancellationToken.None), s => s.All(x => x.Name.Value != "shop1"), "the cache dropping shop1");

        Assert.Equal(lists, Requests.Count("GET", "/namespaces", watch: false));
    }

    [Fact]
    public async Task ListAsync_WatchDropped_RelistsAndSeesLaterChanges()
    {
        var (cluster, cache) = await StartAsync();
        using var drop = Sim.Faults.Add(new FaultRule { Kind = FaultKind.WatchDrop, Resource = "namespaces", Interval = TimeSpan.FromMilliseconds(100), Count = 1 });
        await Eventually.TrueAsync(() => Requests.Count("GET", "/namespaces", watch: false) >= 2, "a second list of the store namespaces");

        await cluster.PrepareNamespaceAsync(Spec("shop2", "alice"), CancellationToken.None);

        await Eventually.ValueAsync(() => cache.ListAsync(CancellationToken.None), s => s.Any(x => x.Name.Value == "shop2"), "the cache showing shop2");
    }

    [Fact]
    public async Task ListAsync_NotStarted_ListsFromTheCluster()
    {
        var cluster = CreateCluster();
        var cache = NewCache(cluster, TestMetrics.Create());
        await cluster.PrepareNamespaceAsync(Spec("shop3", "alice"), CancellationToken.None);

        var stores = await cache.ListAsync(CancellationToken.None);

        Assert.Equal("shop3", Assert.Single(stores).Name.Value);
        Assert.Null(cache.Snapshot());
    }

    [Fact]
    public async Task StoresGauge_CacheHoldsStores_CountsByPhaseAndEngineWithoutAListPerCollection()
    {
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var (cluster, cache) = await StartAsync(new UrumiMetrics(meters, TimeProvider.System));
        using var gauge = new MetricCollector<int>(meters, UrumiMetrics.MeterName, "urumi.stores");
        await cluster.PrepareNamespaceAsync(Spec("shop4", "alice"), CancellationToken.None);
        await cluster.PrepareNamespaceAsync(Spec("shop5", "alice"), CancellationToken.None);
        await cluster.SetPhaseAsync("store-shop5", StoreStatus.Ready, null, CancellationToken.None);
        var lists = Requests.Count("GET", "/namespaces", watch: false);

        var counts = await Eventually.ValueAsync(
            () =>
            {
                gauge.RecordObservableInstruments();
                return Task.FromResult(gauge.LastMeasurements());
            },
            c => c.GetValueOrDefault(("ready", "woocommerce")) == 1 && c.GetValueOrDefault(("provisioning", "woocommerce")) == 1,
            "the gauge counting one provisioning and one ready woocommerce store");

        Assert.Equal(0, counts[("failed", "medusa")]);
        Assert.Equal(lists, Requests.Count("GET", "/namespaces", watch: false));
    }

    [Fact]
    public async Task Create_BurstPastTheQuotaBeforeTheCacheSeesAnyNewStore_RefusesEveryCreatePastTheQuota()
    {
        var (cluster, cache) = await StartAsync();
        await cluster.PrepareNamespaceAsync(Spec("old1", "alice"), CancellationToken.None);
        await cluster.PrepareNamespaceAsync(Spec("old2", "alice"), CancellationToken.None);
        await Eventually.ValueAsync(() => cache.ListAsync(CancellationToken.None), s => s.Count == 2, "the cache showing alice's two stores");
        var claims = new Mock<IOperationClaims>();
        var client = new Mock<DurableTaskClient>("test").WithLive();
        var api = ApiHandlers.Stores(cluster, new Mock<IAuditLog>().Object, claims.Object,
            new StoreApiOptions { BaseDomain = "shops.test", MaxStoresPerOwner = 5, CreatesPerMinute = 100 }, inventory: cache);
        var alice = new Actor("alice", ActorRole.Member);

        // No workflow runs here, so none of the admitted stores ever reaches the cache: only the reservations count them.
        var burst = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            api.CreateAsync(client.Object, new CreateStoreRequest($"new{i}", null, null, null), alice, CancellationToken.None)));

        Assert.Equal(3, burst.Count(r => r.Status == 202));
        Assert.All(burst.Where(r => r.Status != 202), r => Assert.Equal((int)HttpStatusCode.TooManyRequests, r.Status));
        Assert.All(burst.Where(r => r.Status != 202), r => Assert.Equal(ProblemTypes.QuotaExceeded, Json(r).GetProperty("type").GetString()));

        // Once the cache shows the admitted stores, they count once, not twice.
        foreach (var admitted in burst.Where(r => r.Status == 202).Select(r => Json(r).GetProperty("name").GetString()!))
        {
            await cluster.PrepareNamespaceAsync(Spec(admitted, "alice"), CancellationToken.None);
        }

        await Eventually.ValueAsync(() => cache.ListAsync(CancellationToken.None), s => s.Count == 5, "the cache showing alice's five stores");
        var next = await api.CreateAsync(client.Object, new CreateStoreRequest("new9", null, null, null), alice, CancellationToken.None);
        Assert.Equal((int)HttpStatusCode.TooManyRequests, next.Status);
        Assert.Contains("alice has 5 stores", Json(next).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static NamespaceSpec Spec(string store, string owner)
    {
        var naming = new StoreNaming(StoreName.Parse(store), "shops.example");
        return new NamespaceSpec(naming.Namespace, naming.NamespaceLabels("woocommerce", "small"), new Dictionary<string, string>
        {
            [StoreNaming.AnnotationOwner] = owner,
            [StoreNaming.AnnotationPhase] = nameof(StoreStatus.Provisioning),
        });
    }

    private static JsonElement Json(ApiResult result) => JsonDocument.Parse(result.Serialize()).RootElement;

    private StoreCache NewCache(KubernetesCluster cluster, UrumiMetrics metrics)
    {
        var options = TestOptions();
        var client = CreateClient(options);
        var cache = new StoreCache(() => client, cluster, Options.Create(options), metrics, NullLogger<StoreCache>.Instance, TimeProvider.System);
        caches.Add(cache);
        return cache;
    }

    /// <summary>A running cache that holds its first list.</summary>
    private async Task<(KubernetesCluster Cluster, StoreCache Cache)> StartAsync(UrumiMetrics? metrics = null)
    {
        var cluster = CreateCluster();
        var cache = NewCache(cluster, metrics ?? TestMetrics.Create());
        await cache.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => cache.Snapshot() is not null, "the store cache's first list");
        return (cluster, cache);
    }
}

/// <summary>The last value of each (phase, engine) series a gauge collector holds.</summary>
internal static class GaugeReadings
{
    public static Dictionary<(string Phase, string Engine), int> LastMeasurements(this MetricCollector<int> gauge) =>
        gauge.GetMeasurementSnapshot()
            .GroupBy(m => ((string)m.Tags["phase"]!, (string)m.Tags["engine"]!))
            .ToDictionary(g => g.Key, g => g.Last().Value);
}
