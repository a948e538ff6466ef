using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Cleanup;
using Urumi.Platform.Dashboard;
using Urumi.Platform.Storage;
using Urumi.Platform.Telemetry;

namespace Urumi.Platform.DependencyInjection;

public static class UrumiServiceCollectionExtensions
{
    /// <summary>Everything both hosts need: adapters, workflow activities and the HTTP handlers, with validated options.</summary>
    public static IServiceCollection AddUrumiPlatform(this IServiceCollection services) =>
        services
            .AddUrumiAdapters()
            .AddUrumiWorkflows()
            .AddUrumiApi()
            .AddUrumiCleanup()
            .AddUrumiDashboard();

    /// <summary>The HTTP handlers shared by the Functions app and Urumi.Server.</summary>
    public static IServiceCollection AddUrumiApi(this IServiceCollection services)
    {
        services.AddOptions<StoreApiOptions>().BindConfiguration(StoreApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddUrumiMetrics();
        services.TryAddSingleton<CreateRateLimit>();
        services.TryAddSingleton<IOperationClaims>(sp => new TableOperationClaims(
            sp.GetRequiredKeyedService<Azure.Data.Tables.TableServiceClient>(Audit.AuditServiceCollectionExtensions.TableClientKey),
            sp.GetRequiredService<IOptions<StoreApiOptions>>().Value.ClaimsTable,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApiProblems>();
        services.TryAddSingleton<QuotaReservations>();
        services.TryAddSingleton<StoreAdmission>();
        services.TryAddSingleton<OperationStarter>();
        services.TryAddSingleton<StoreViews>();
        services.TryAddSingleton<StoreQueries>();
        services.TryAddSingleton<StoresApi>();
        services.TryAddSingleton<StoreRevisions>();
        services.TryAddSingleton<StoreOverview>();
        services.TryAddSingleton<UpgradeInputs>();
        services.TryAddSingleton<StoreChangesApi>();
        services.TryAddSingleton<ChartVersions>();
        services.TryAddSingleton<BulkUpgradeApi>();
        services.TryAddSingleton<HealthApi>();
        services.AddHealthChecks();
        // After every adapter has added its check, whatever the order of registration.
        services.PostConfigure<HealthCheckServiceOptions>(o =>
        {
            foreach (var check in o.Registrations)
            {
                check.Timeout = HealthApi.Timeout;
            }
        });
        return services;
    }

    /// <summary>
    /// Activity classes, so hosts that wrap them (the Functions app) can resolve them; all but the
    /// task-hub activities, whose <see cref="Domain.Ports.IOperationHistory"/> only a durable client
    /// can supply (a registration the container could not construct fails the Functions worker's
    /// start-up validation).
    /// </summary>
    public static IServiceCollection AddUrumiWorkflows(this IServiceCollection services)
    {
        services.AddUrumiMetrics();
        foreach (var activity in UrumiWorkflows.ActivityTypes.Except(UrumiWorkflows.TaskHubActivityTypes))
        {
            services.TryAddTransient(activity);
        }

        return services;
    }
}
