using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Audit;

/// <summary>
/// Audit retention: removes the per-store and global rows older than the cutoff (their RowKeys start
/// with inverted ticks, so "older" is "RowKey at or above the cutoff's inverted ticks + 1"), the
/// anchors of those writes, and the month index entries of months wholly before the cutoff.
/// </summary>
public sealed partial class TableAuditLog : IAuditRetention
{
    private const int BatchSize = 100;

    public async Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var olderKey = (DateTime.MaxValue.Ticks - cutoff.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var entries = await DeleteWhereAsync(
            TableClient.CreateQueryFilter($"PartitionKey ge {"all|"} and PartitionKey lt {"all}"} and RowKey ge {olderKey}"), cancellationToken);
        await DeleteWhereAsync(
            TableClient.CreateQueryFilter($"PartitionKey ge {"store|"} and PartitionKey lt {"store}"} and RowKey ge {olderKey}"), cancellationToken);
        await DeleteWhereAsync(
            TableClient.CreateQueryFilter($"PartitionKey ge {"op|"} and PartitionKey lt {"op}"} and Ticks lt {cutoff.UtcTicks}"), cancellationToken);
        var month = AuditKeys.Month(cutoff);
        await DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {MonthsPartition} and RowKey lt {month}"), cancellationToken);
        foreach (var gone in knownMonths.Keys.Where(m => string.CompareOrdinal(m, month) < 0).ToList())
        {
            knownMonths.TryRemove(gone, out _);
        }

        LogRetentionApplied(logger, entries, cutoff);
        return entries;
    }

    /// <summary>Deletes every row the filter matches, a partition's rows in transactions of up to 100; returns how many.</summary>
    private async Task<int> DeleteWhereAsync(string filter, CancellationToken cancellationToken) =>
        await StorageAsync("apply the audit retention", async () =>
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }

            foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(BatchSize))
                {
                    try
                    {
                        await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                    }
                    catch (TableTransactionFailedException failed) when (failed.Status == 404)
                    {
                        // A row went in the meantime (a rerun of this activity): delete the rest one by one.
                        foreach (var row in chunk)
                        {
                            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                        }
                    }
                }
            }

            return rows.Count;
        }, cancellationToken);

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 3203, Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Audit retention removed {Count} entries older than {Cutoff}")]
    private static partial void LogRetentionApplied(Microsoft.Extensions.Logging.ILogger logger, int count, DateTimeOffset cutoff);
}
