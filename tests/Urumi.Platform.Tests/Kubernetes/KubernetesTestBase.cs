using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Platform.Kubernetes;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>One fake API server per test, and the real KubernetesClient talking to it over HTTP.</summary>
public abstract class KubernetesTestBase : IAsyncLifetime
{
    private readonly List<IKubernetes> _clients = [];

    internal FakeKubernetesApi Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await FakeKubernetesApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Api.DisposeAsync();
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

    internal KubernetesCluster CreateCluster(Action<KubernetesOptions>? configure = null)
    {
        var options = TestOptions(configure);
        var client = KubernetesClientFactory.Create(new KubernetesClientConfiguration { Host = Api.BaseAddress.ToString() }, options);
        _clients.Add(client);
        return new KubernetesCluster(client, Options.Create(options), NullLogger<KubernetesCluster>.Instance);
    }
}
