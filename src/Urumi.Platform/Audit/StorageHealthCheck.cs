using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Urumi.Platform.Audit;

/// <summary>Health: the storage account that holds the audit table (and the task hub) answers.</summary>
internal sealed class StorageHealthCheck([FromKeyedServices(AuditServiceCollectionExtensions.TableClientKey)] TableServiceClient tables) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            break;
        }

        return HealthCheckResult.Healthy($"table service at {tables.Uri.GetLeftPart(UriPartial.Authority)} answers");
    }
}
