using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Service key of the audit log's own <see cref="TableServiceClient"/>, so a client another
    /// adapter registers for a different account can never redirect the audit rows.
    /// </summary>
    public const string TableClientKey = "Urumi.Audit";

    /// <summary>
    /// Registers <see cref="TableAuditLog"/> as <see cref="IAuditLog"/>, a <see cref="TableServiceClient"/>
    /// for the audit storage account (keyed <see cref="TableClientKey"/>, and unkeyed unless one is
    /// registered already), and <see cref="AuditOptions"/>
    /// bound from <c>Urumi:Audit</c> with the <c>AzureWebJobsStorage</c> fallback, validated at start.
    /// Needs an <see cref="IConfiguration"/> in the container.
    /// </summary>
    public static IServiceCollection AddUrumiAudit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = configuration[AuditOptions.FallbackSetting];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddKeyedSingleton(TableClientKey, (sp, _) =>
        {
            var audit = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            return new TableServiceClient(audit.ConnectionString, TableAuditLog.ClientOptions(audit));
        });
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<TableServiceClient>(TableClientKey));
        services.TryAddSingleton<TableAuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<TableAuditLog>());
        services.TryAddSingleton<IAuditRetention>(sp => sp.GetRequiredService<TableAuditLog>());
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(StorageHealthCheck.Name);
        return services;
    }
}
