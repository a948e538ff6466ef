using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;
using Urumi.Platform.Telemetry;

namespace Urumi.Platform.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICluster"/> (and <see cref="IKubernetesHealth"/>, plus the "cluster"
    /// health check) backed by the Kubernetes API, the watch-fed <see cref="IStoreInventory"/>
    /// (<see cref="StoreCache"/>, a hosted service),
    /// with <see cref="KubernetesOptions"/> bound from <c>Urumi:Kubernetes</c> and validated at start.
    /// The <see cref="IKubernetes"/> client itself is built lazily on first use.
    /// </summary>
    public static IServiceCollection AddUrumiKubernetes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KubernetesOptions>()
            .BindConfiguration(KubernetesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLogging();
        services.AddUrumiMetrics();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KubernetesOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Urumi.Platform.Kubernetes.Resilience");
            var time = sp.GetRequiredService<TimeProvider>();
            var metrics = sp.GetRequiredService<UrumiMetrics>();
            return new KubernetesClientProvider(() => KubernetesClientFactory.Create(KubernetesClientFactory.BuildConfiguration(options), options, logger, time, metrics));
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<KubernetesClientProvider>().Client);
        services.TryAddSingleton(sp => new KubernetesCluster(
            () => sp.GetRequiredService<KubernetesClientProvider>().Client,
            sp.GetRequiredService<IOptions<KubernetesOptions>>(),
            sp.GetRequiredService<ILogger<KubernetesCluster>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICluster>(sp => sp.GetRequiredService<KubernetesCluster>());
        services.TryAddSingleton<IKubernetesHealth>(sp => sp.GetRequiredService<KubernetesCluster>());
        services.AddHealthChecks().AddCheck<KubernetesHealthCheck>(KubernetesHealthCheck.Name);
        if (services.Any(d => d.ServiceType == typeof(StoreCache)))
        {
            return services;
        }

        services.AddSingleton(sp => new StoreCache(
            () => sp.GetRequiredService<KubernetesClientProvider>().Client,
            sp.GetRequiredService<ICluster>(),
            sp.GetRequiredService<IOptions<KubernetesOptions>>(),
            sp.GetRequiredService<UrumiMetrics>(),
            sp.GetRequiredService<ILogger<StoreCache>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IStoreInventory>(sp => sp.GetRequiredService<StoreCache>());
        services.AddHostedService(sp => sp.GetRequiredService<StoreCache>());
        return services;
    }
}
