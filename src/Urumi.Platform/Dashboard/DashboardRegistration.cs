using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Urumi.Platform.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The dashboard's file server, shared by both hosts.</summary>
    public static IServiceCollection AddUrumiDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        services.TryAddSingleton<DashboardFiles>();
        return services;
    }
}
