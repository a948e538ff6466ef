using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Urumi.Domain.Ports;
using Urumi.Platform.Telemetry;

namespace Urumi.Platform.Helm;

public static class HelmServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IHelm"/> (the helm CLI adapter) and the "helm" health check, with options from <c>Urumi:Helm</c>.</summary>
    public static IServiceCollection AddUrumiHelm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HelmOptions>()
            .BindConfiguration(HelmOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLogging();
        services.AddUrumiMetrics();
        services.TryAddSingleton<HelmCli>();
        services.TryAddSingleton<IHelm>(sp => sp.GetRequiredService<HelmCli>());
        services.AddHealthChecks().AddCheck<HelmHealthCheck>(HelmHealthCheck.Name);
        return services;
    }
}
