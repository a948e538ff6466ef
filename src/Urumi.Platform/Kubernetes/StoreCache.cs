using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// <see cref="IStoreInventory"/> kept by one list + watch of the store namespaces (label
/// <see cref="StoreNaming.ManagedNamespaceSelector"/>) through a <see cref="WatchLoop"/>, which re-lists
/// when a watch expires (410 Gone), ends or breaks. It feeds the stores gauge of <see cref="UrumiMetrics"/>.
/// Until the first list arrives, and after a failure that is not transient until the next list, callers
/// get a list from the cluster instead (<see cref="ICluster.ListStoresAsync"/>).
/// </summary>
public sealed partial class StoreCache : BackgroundService, IStoreInventory
{
    /// <summary>Where the watch looks, for the log.</summary>
    private const string Scope = "the cluster (" + StoreNaming.ManagedNamespaceSelector + ")";

    private readonly Func<IKubernetes> client;
    private readonly ICluster cluster;
    private readonly KubernetesOptions options;
    private readonly ILogger<StoreCache> logger;
    private readonly TimeProvider time;
    private readonly Lock gate = new();

    /// <summary>By namespace name; null while no list is held.</summary>
    private Dictionary<string, ManagedStore>? stores;

    public StoreCache(Func<IKubernetes> client, ICluster cluster, IOptions<KubernetesOptions> options, UrumiMetrics metrics, ILogger<StoreCache> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        this.client = client;
        this.cluster = cluster;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
        metrics.ObserveStores(Snapshot);
    }

    public async Task<IReadOnlyList<ManagedStore>> ListAsync(CancellationToken cancellationToken) =>
        Snapshot() ?? await cluster.ListStoresAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The stores as last seen, ordered by name; null while no list is held.</summary>
    public IReadOnlyList<ManagedStore>? Snapshot()
    {
        lock (gate)
        {
            return stores?.Values.OrderBy(s => s.Name.Value, StringComparer.Ordinal).ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Building the client reads the kubeconfig: not on the host's start-up path.
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                failures = await FollowAsync(stoppingToken).ConfigureAwait(false) ? 1 : failures + 1;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                failures++;
                LogFollowFailed(logger, error.Message);
            }

            Forget();
            try
            {
                await Task.Delay(KubernetesBackoff.Delay(failures), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Lists and watches until a failure that is not transient; true when a list had arrived by then.</summary>
    private async Task<bool> FollowAsync(CancellationToken stoppingToken)
    {
        var kind = WatchedKind.NamespacesOf(client(), StoreNaming.ManagedNamespaceSelector);
        var channel = Channel.CreateUnbounded<ReadinessMessage>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loop = RunAsync(new WatchLoop(options, logger, time), kind, channel.Writer, stop.Token);
        var listed = false;
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                switch (message)
                {
                    case ReadinessMessage.Relisted relisted:
                        Replace(relisted.Items);
                        listed = true;
                        break;
                    case ReadinessMessage.Changed changed:
                        Apply(changed.Type, changed.Item);
                        break;
                    case ReadinessMessage.Fault fault:
                        LogFollowFailed(logger, fault.Exception.Message);
                        return listed;
                }
            }

            return listed;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(WatchLoop loop, WatchedKind kind, ChannelWriter<ReadinessMessage> writer, CancellationToken token)
    {
        try
        {
            await loop.RunAsync(kind, Scope, resourceVersion: null, deadline: null, writer, token).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private void Replace(IList<object> items)
    {
        var fresh = new Dictionary<string, ManagedStore>(StringComparer.Ordinal);
        foreach (var ns in items.OfType<V1Namespace>())
        {
            if (KubernetesCluster.ToManagedStore(ns) is { } store)
            {
                fresh[store.Namespace] = store;
            }
        }

        lock (gate)
        {
            stores = fresh;
        }
    }

    private void Apply(WatchEventType type, object item)
    {
        if (item is not V1Namespace { Metadata.Name: { } name } ns)
        {
            return;
        }

        var store = type is WatchEventType.Deleted ? null : KubernetesCluster.ToManagedStore(ns);
        lock (gate)
        {
            if (stores is null)
            {
                return;
            }

            if (store is null)
            {
                stores.Remove(name);
            }
            else
            {
                stores[name] = store;
            }
        }
    }

    private void Forget()
    {
        lock (gate)
        {
            stores = null;
        }
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "The store cache lost its watch of the store namespaces ({Reason}); the API lists them from the cluster until it has listed again")]
    private static partial void LogFollowFailed(ILogger logger, string reason);
}
