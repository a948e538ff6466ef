using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;

namespace Urumi.ClusterSim.Tests;

/// <summary>Watches through KubernetesClient and raw HTTP: watch-list, resume, 410, drops, timeouts, disconnects.</summary>
public sealed class WatchTests
{
    private const string Ns = "shop";

    [Fact]
    public async Task WatchList_SendInitialEvents_EndsInitialEventsWithBookmark()
    {
        await using var sim = await StartAsync();
        sim.Store.Create(ConfigMap("a"));
        using var http = new HttpClient { BaseAddress = sim.ApiUri };
        using var stream = await http.GetStreamAsync(new Uri("api/v1/namespaces/shop/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=5", UriKind.Relative));
        using var reader = new StreamReader(stream);

        var added = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        var bookmark = JsonNode.Parse((await reader.ReadLineAsync())!)!;

        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_FromListResourceVersion_StreamsLaterChanges()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token);
        sim.Store.Create(ConfigMap("later"));

        await foreach (var (type, item) in watch)
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("later", item.Metadata.Name);
            break;
        }
    }

    [Fact]
    public async Task Watch_FromCompactedResourceVersion_ReportsGone()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        sim.Store.Create(ConfigMap("a"));
        sim.Store.CompactHistory();
        Exception? error = null;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, onError: e => error = e, cancellationToken: cancel.Token);
        await foreach (var _ in watch)
        {
        }

        Assert.Equal(410, Assert.IsType<KubernetesException>(error).Status.Code);
    }

    [Fact]
    public async Task Relist_AfterGone_SeesObjectsMissedByTheWatch()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        sim.Store.Create(ConfigMap("missed"));
        sim.Store.CompactHistory();

        var relist = await client.CoreV1.ListNamespacedConfigMapAsync(Ns);

        Assert.Contains(relist.Items, i => i.Metadata.Name == "missed");
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_ClosesTheStream()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var body = await http.GetStringAsync(new Uri("api/v1/namespaces/shop/configmaps?watch=true&resourceVersion=" + sim.Store.ResourceVersion + "&timeoutSeconds=1", UriKind.Relative));

        Assert.Empty(body);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"closed after {clock.Elapsed}, before its timeoutSeconds");
    }

    [Fact]
    public async Task Watch_ClientDisconnects_ServerReleasesTheWatch()
    {
        await using var sim = await StartAsync();
        using (var http = new HttpClient { BaseAddress = sim.ApiUri })
        {
            using var response = await http.GetAsync(new Uri("api/v1/namespaces/shop/configmaps?watch=true&timeoutSeconds=300", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(1, sim.Store.OpenWatchCount);
        }

        await Eventually.TrueAsync(() => sim.Store.OpenWatchCount == 0, "the server releasing the watch");
    }

    [Fact]
    public async Task WatchDropFault_ClosesStreamsAfterTheInterval()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.WatchDrop, Interval = TimeSpan.FromMilliseconds(300) });
        using var client = sim.CreateClient();
        var closed = new TaskCompletionSource();

        using var watcher = client.CoreV1.WatchListNamespacedConfigMap(Ns, timeoutSeconds: 300, onEvent: (_, _) => { }, onClosed: () => closed.TrySetResult());

        await Eventually.TrueAsync(() => closed.Task.IsCompleted, "the WatchDrop fault closing the stream");
    }

    [Fact]
    public async Task Watch_ObjectLeavesLabelSelector_IsReportedDeleted()
    {
        await using var sim = await StartAsync();
        sim.Store.Create(ConfigMap("a", "blue"));
        using var client = sim.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, labelSelector: "color=blue", resourceVersion: sim.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancel.Token);
        sim.Store.Patch(ResourceCatalog.ConfigMaps, Ns, "a", Store.PatchTypes.Merge, JsonNode.Parse("""{"metadata":{"labels":{"color":"red"}}}""")!);

        await foreach (var (type, _) in watch)
        {
            Assert.Equal(WatchEventType.Deleted, type);
            break;
        }
    }

    private static JsonObject ConfigMap(string name, string color = "none") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["labels"] = new JsonObject { ["color"] = color } },
    };

    private static async Task<ClusterSimulator> StartAsync()
    {
        var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        sim.CreateNamespace(Ns);
        return sim;
    }
}
