using k8s;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Urumi.Domain;

using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Kubernetes;

/// <summary>Builds the <see cref="IKubernetes"/> client with Urumi's retries and flow control in its pipeline.</summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// The client configuration from <paramref name="options"/>: the given kubeconfig and context, or
    /// the default chain (KUBECONFIG, ~/.kube/config, in-cluster service account).
    /// </summary>
    public static KubernetesClientConfiguration BuildConfiguration(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return string.IsNullOrWhiteSpace(options.KubeConfig)
                ? string.IsNullOrWhiteSpace(options.KubeContext)
                    ? KubernetesClientConfiguration.BuildDefaultConfig()
                    : KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: options.KubeContext)
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.KubeConfig, options.KubeContext);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var source = string.IsNullOrWhiteSpace(options.KubeConfig)
                ? "the default kubeconfig (KUBECONFIG, ~/.kube/config) or in-cluster service account"
                : $"kubeconfig '{options.KubeConfig}'";
            var context = string.IsNullOrWhiteSpace(options.KubeContext) ? "" : $" (context '{options.KubeContext}')";
            throw new PermanentException(
                $"Cannot configure the Kubernetes client from {source}{context}: {ex.Message} Set {KubernetesOptions.SectionName}:KubeConfig / KubeContext.",
                ex);
        }
    }

    /// <summary>
    /// A client for <paramref name="configuration"/> whose requests go through <see cref="KubernetesResilience"/>'s
    /// pipeline (retries, concurrency limit) and then <see cref="KubernetesResponseHandler"/>.
    /// </summary>
    public static IKubernetes Create(
        KubernetesClientConfiguration configuration, KubernetesOptions options, ILogger? logger = null, TimeProvider? timeProvider = null, UrumiMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        configuration.HttpClientTimeout = options.RequestTimeout;
        var pipeline = KubernetesResilience.Build(options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, metrics);
#pragma warning disable CA2000 // the client owns and disposes its handler pipeline
        return new k8s.Kubernetes(configuration, new ResilienceHandler(pipeline), new KubernetesResponseHandler(metrics));
#pragma warning restore CA2000
    }
}

/// <summary>
/// Builds the client on first use, so a missing kubeconfig surfaces as a clear error from the first
/// call (or the health check) instead of failing the whole host at start. A failed build is retried
/// on the next use.
/// </summary>
internal sealed class KubernetesClientProvider(Func<IKubernetes> build) : IDisposable
{
    private readonly Lock _gate = new();
    private IKubernetes? _client;

    public IKubernetes Client
    {
        get
        {
            if (_client is { } client)
            {
                return client;
            }

            lock (_gate)
            {
                return _client ??= build();
            }
        }
    }

    public void Dispose() => _client?.Dispose();
}
