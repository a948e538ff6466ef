using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.Platform.Kubernetes;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>
/// One cluster simulator per test (real HTTP, watches, controllers and fault switches), the real
/// KubernetesClient built by <see cref="KubernetesClientFactory"/> talking to it, and the log of the
/// requests the simulator received.
/// </summary>
public abstract class KubernetesTestBase : IAsyncLifetime
{
    /// <summary>Pods of the simulator become Ready this long after creation unless a fault says otherwise.</summary>
    internal static readonly TimeSpan DefaultReadyDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The finalizer the simulator's BlockNamespaceDeletion fault puts on a namespace.</summary>
    internal const string BlockingFinalizer = "sim.urumi.io/blocked";

    private readonly List<IKubernetes> _clients = [];

    internal ClusterSimulator Sim { get; private set; } = null!;

    internal RequestLog Requests { get; } = new();

    /// <summary>What the adapters created by <see cref="CreateCluster"/> logged.</summary>
    internal AdapterLog Logs { get; } = new();

    public async Task InitializeAsync() =>
        Sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = DefaultReadyDelay, LogRequests = true }, Requests);

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Sim.DisposeAsync();
        Requests.Dispose();
    }

    /// <summary>Options tuned for fast tests; <paramref name="configure"/> changes them further.</summary>
    internal static KubernetesOptions TestOptions(Action<KubernetesOptions>? configure = null)
    {
        var options = new KubernetesOptions
        {
            WatchTimeout = TimeSpan.FromSeconds(5),
            ReadinessRecheckInterval = TimeSpan.FromMilliseconds(100),
            NamespacePollInterval = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetryAfter = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A client of the simulator, disposed with the test.</summary>
    internal IKubernetes CreateClient(KubernetesOptions options, Urumi.Domain.Telemetry.UrumiMetrics? metrics = null)
    {
        var client = KubernetesClientFactory.Create(Sim.CreateClientConfiguration(), options, metrics: metrics);
        _clients.Add(client);
        return client;
    }

    internal KubernetesCluster CreateCluster(Action<KubernetesOptions>? configure = null, Urumi.Domain.Telemetry.UrumiMetrics? metrics = null)
    {
        var options = TestOptions(configure);
        var client = KubernetesClientFactory.Create(Sim.CreateClientConfiguration(), options, metrics: metrics);
        _clients.Add(client);
        return new KubernetesCluster(client, Options.Create(options), Logs);
    }

    /// <summary>Creates a typed object (apiVersion and kind set) in the simulator, as if kubectl had.</summary>
    internal void Seed<T>(T obj)
        where T : IKubernetesObject => Sim.Store.Create(JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject());

    /// <summary>The simulator's object, typed; null when absent.</summary>
    internal T? Get<T>(ApiResource resource, string? ns, string name)
        where T : class => Sim.Store.TryGet(resource, ns, name) is { } obj ? KubernetesJson.Deserialize<T>(obj.ToJsonString()) : null;

    /// <summary>
    /// Deletes namespace <paramref name="ns"/> (created when missing) while the BlockNamespaceDeletion
    /// fault holds it: it stays Terminating until the returned rule is lifted.
    /// </summary>
    internal async Task<FaultHandle> StartTerminatingAsync(string ns)
    {
        var block = Sim.Faults.Add(new FaultRule { Kind = FaultKind.BlockNamespaceDeletion, Namespace = ns });
        if (!Sim.Store.NamespaceExists(ns))
        {
            Sim.CreateNamespace(ns);
        }

        // The finalizer must be in place before deletion starts (none can be added afterwards).
        await Eventually.TrueAsync(() => Get<V1Namespace>(ResourceCatalog.Namespaces, null, ns)?.Metadata.Finalizers?.Contains(BlockingFinalizer) == true, "blocking finalizer on " + ns);
        Sim.Store.Delete(ResourceCatalog.Namespaces, null, ns);
        return block;
    }
}
