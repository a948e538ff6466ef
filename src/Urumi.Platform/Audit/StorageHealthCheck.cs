using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Urumi.Platform.Api;

namespace Urumi.Platform.Audit;

/// <summary>Health: the storage account that holds the audit table (and the task hub) answers.</summary>
internal sealed class StorageHealthCheck([FromKeyedServices(AuditServiceCollectionExtensions.TableClientKey)] TableServiceClient tables) : IDependencyCheck
{
    public string Name => "storage";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            break;
        }

        return $"table service at {tables.Uri.GetLeftPart(UriPartial.Authority)} answers";
    }
}
