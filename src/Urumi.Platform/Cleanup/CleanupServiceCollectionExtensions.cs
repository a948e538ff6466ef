using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Urumi.Platform.Api;

namespace Urumi.Platform.Cleanup;

public static class CleanupServiceCollectionExtensions
{
    /// <summary>
    /// The cleanup settings (validated at start, schedule included), the launcher both hosts' timers
    /// use and the <c>POST /api/cleanup</c> handler. <see cref="Domain.Ports.IOperationHistory"/> is
    /// registered by each host: it needs a durable client, which only the host can give.
    /// </summary>
    public static IServiceCollection AddUrumiCleanup(this IServiceCollection services)
    {
        services.AddOptions<CleanupOptions>().BindConfiguration(CleanupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CleanupLauncher>();
        services.TryAddSingleton<CleanupApi>();
        return services;
    }
}
