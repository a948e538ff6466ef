using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Audit;

/// <summary>
/// The audit log on Azure Table Storage. Each entry is written as two rows with the same RowKey
/// (inverted ticks, operation id, step — newest first and deterministic):
/// <list type="bullet">
/// <item><c>store|{store}</c> — the per-store trail;</item>
/// <item><c>all|{yyyyMM}</c> — the global log, one partition per UTC month, listed in <c>months</c>.</item>
/// </list>
/// An anchor row <c>op|{operation}</c> / <c>{step}</c> remembers the RowKey of the first write of an
/// (operation, step), so a retried activity that stamps a new time still overwrites the same rows.
/// </summary>
public sealed partial class TableAuditLog : IAuditLog
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    internal const string MonthsPartition = "months";
    private const int MaxDetailLength = 8_000;

    private readonly TableClient table;
    private readonly ILogger<TableAuditLog> logger;
    private readonly ConcurrentDictionary<string, bool> knownMonths = new(StringComparer.Ordinal);
    private volatile bool tableReady;

    public TableAuditLog(
        [FromKeyedServices(AuditServiceCollectionExtensions.TableClientKey)] TableServiceClient service,
        IOptions<AuditOptions> options, ILogger<TableAuditLog> logger)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        table = service.GetTableClient(options.Value.TableName);
        this.logger = logger;
    }

    /// <summary>Client settings from <paramref name="audit"/>: a bounded wait per request and a few quick retries, then the caller's own retry takes over.</summary>
    public static TableClientOptions ClientOptions(AuditOptions audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = audit.MaxRetries;
        options.Retry.NetworkTimeout = audit.NetworkTimeout;
        return options;
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Store);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.OperationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Step);

        await EnsureTableAsync(cancellationToken);
        var ticks = await AnchorTicksAsync(entry, cancellationToken);
        var time = new DateTimeOffset(ticks, TimeSpan.Zero);
        var month = AuditKeys.Month(time);
        await EnsureMonthListedAsync(month, cancellationToken);

        var rowKey = AuditKeys.RowKey(ticks, entry.OperationId, entry.Step);
        var storeRow = ToEntity(AuditKeys.StorePartition(entry.Store), rowKey, entry, time);
        var globalRow = ToEntity(AuditKeys.GlobalPartition(month), rowKey, entry, time);
        await StorageAsync("write the audit entry", () => Task.WhenAll(
            table.UpsertEntityAsync(storeRow, TableUpdateMode.Replace, cancellationToken),
            table.UpsertEntityAsync(globalRow, TableUpdateMode.Replace, cancellationToken)), cancellationToken);
        LogRecorded(logger, entry.Store, entry.OperationId, entry.Step, entry.Outcome);
    }

    public async Task<AuditPage> ReadAsync(string? store, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        pageSize = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var scope = store is null ? AuditKeys.GlobalScope : AuditKeys.StorePartition(store);
        var position = AuditCursor.Decode(continuation, scope);

        await EnsureTableAsync(cancellationToken);
        var partitions = store is null
            ? await GlobalPartitionsAsync(position?.Partition, cancellationToken)
            : [scope];
        if (position is not null && (partitions.Count == 0 || partitions[0] != position.Partition))
        {
            // The month the cursor points into is gone (purged): carry on with the older ones.
            position = null;
        }

        var entries = new List<AuditEntry>(pageSize);
        var tableToken = position?.TableToken;
        var index = 0;
        while (index < partitions.Count && entries.Count < pageSize)
        {
            var page = await ReadPageAsync(partitions[index], pageSize - entries.Count, tableToken, cancellationToken);
            entries.AddRange(page.Values.Select(FromEntity));
            tableToken = page.ContinuationToken;
            if (tableToken is null)
            {
                index++;
            }
        }

        string? next = null;
        if (index < partitions.Count)
        {
            next = new AuditCursor(scope, partitions[index], tableToken).Encode();
        }

        return new AuditPage(entries, next);
    }

    private async Task<Page<TableEntity>> ReadPageAsync(string partition, int count, string? tableToken, CancellationToken cancellationToken) =>
        await StorageAsync("read the audit log", async () =>
        {
            var query = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), count, cancellationToken: cancellationToken);
            await foreach (var page in query.AsPages(tableToken, count).WithCancellation(cancellationToken))
            {
                return page;
            }

            return Page<TableEntity>.FromValues([], null, null!);
        }, cancellationToken);

    /// <summary>Month partitions of the global log, newest first, starting at <paramref name="from"/> when given.</summary>
    private async Task<IReadOnlyList<string>> GlobalPartitionsAsync(string? from, CancellationToken cancellationToken) =>
        await StorageAsync("list the audit months", async () =>
        {
            var months = new List<string>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MonthsPartition}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                months.Add(AuditKeys.GlobalPartition(row.RowKey));
            }

            months.Sort(StringComparer.Ordinal);
            months.Reverse();
            return (IReadOnlyList<string>)(from is null ? months : months.Where(m => string.CompareOrdinal(m, from) <= 0).ToList());
        }, cancellationToken);

    /// <summary>
    /// The ticks of the first write of this (operation, step): inserts the anchor row, or reads it
    /// back when a previous attempt already did.
    /// </summary>
    private async Task<long> AnchorTicksAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var partition = AuditKeys.OperationPartition(entry.OperationId);
        var rowKey = AuditKeys.Escape(entry.Step);
        var ticks = entry.Time.UtcTicks;
        var anchor = new TableEntity(partition, rowKey)
        {
            ["Ticks"] = ticks,
            ["Store"] = entry.Store,
        };
        return await StorageAsync("write the audit entry", async () =>
        {
            try
            {
                await table.AddEntityAsync(anchor, cancellationToken);
                return ticks;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var existing = await table.GetEntityAsync<TableEntity>(partition, rowKey, ["Ticks"], cancellationToken);
                return existing.Value.GetInt64("Ticks") ?? ticks;
            }
        }, cancellationToken);
    }

    private async Task EnsureMonthListedAsync(string month, CancellationToken cancellationToken)
    {
        if (knownMonths.ContainsKey(month))
        {
            return;
        }

        await StorageAsync("write the audit entry", () =>
            table.UpsertEntityAsync(new TableEntity(MonthsPartition, month), TableUpdateMode.Merge, cancellationToken), cancellationToken);
        knownMonths.TryAdd(month, true);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableReady)
        {
            return;
        }

        // Concurrent first calls may both ask; CreateIfNotExists is idempotent.
        await StorageAsync("create the audit table", () => table.CreateIfNotExistsAsync(cancellationToken), cancellationToken);
        tableReady = true;
        LogTableReady(logger, table.Name);
    }

    private static TableEntity ToEntity(string partition, string rowKey, AuditEntry entry, DateTimeOffset time) => new(partition, rowKey)
    {
        ["Time"] = time,
        ["Store"] = entry.Store,
        ["OperationId"] = entry.OperationId,
        ["Step"] = entry.Step,
        ["Action"] = entry.Action,
        ["Outcome"] = entry.Outcome.ToString(),
        ["Actor"] = entry.Actor,
        ["Detail"] = entry.Detail is { Length: > MaxDetailLength } detail ? string.Concat(detail.AsSpan(0, MaxDetailLength), "…") : entry.Detail,
    };

    private static AuditEntry FromEntity(TableEntity row) => new(
        AuditKeys.TimeOf(row.RowKey) ?? row.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
        row.GetString("Store") ?? "",
        row.GetString("OperationId") ?? "",
        row.GetString("Step") ?? "",
        row.GetString("Action") ?? "",
        Enum.TryParse<AuditOutcome>(row.GetString("Outcome"), out var outcome) ? outcome : AuditOutcome.Info,
        row.GetString("Actor") ?? "",
        row.GetString("Detail"));

    private async Task StorageAsync(string what, Func<Task> action, CancellationToken cancellationToken) =>
        await StorageAsync(what, async () =>
        {
            await action();
            return true;
        }, cancellationToken);

    /// <summary>Maps storage failures onto the domain's retryable / permanent errors.</summary>
    private async Task<T> StorageAsync<T>(string what, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (TableStorageErrors.ToDomain(ex, what, $"the audit table '{table.Name}'", "Urumi:Audit:ConnectionString", cancellationToken) is { } mapped)
        {
            LogStorageFailed(logger, what, table.Name, TableStorageErrors.Status(ex), ex);
            throw mapped;
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Audit table {Table} is ready")]
    private static partial void LogTableReady(ILogger logger, string table);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Audit: {Store} {OperationId}/{Step} {Outcome}")]
    private static partial void LogRecorded(ILogger logger, string store, string operationId, string step, AuditOutcome outcome);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Could not {What} on audit table {Table} (status {Status})")]
    private static partial void LogStorageFailed(ILogger logger, string what, string table, int status, Exception exception);
}

/// <summary>Key layout of the audit table.</summary>
internal static class AuditKeys
{
    private static readonly SearchValues<char> Reserved = SearchValues.Create("/\\#?|%");

    public const string GlobalScope = "all";

    public static string StorePartition(string store) => "store|" + Escape(store);

    public static string GlobalPartition(string month) => "all|" + month;

    public static string OperationPartition(string operationId) => "op|" + Escape(operationId);

    public static string Month(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>Inverted ticks first (newest sorts first), then operation and step (deterministic).</summary>
    public static string RowKey(long utcTicks, string operationId, string step) =>
        (DateTime.MaxValue.Ticks - utcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Escape(operationId) + "|" + Escape(step);

    public static DateTimeOffset? TimeOf(string rowKey) =>
        rowKey.Length >= 19 && long.TryParse(rowKey.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            ? new DateTimeOffset(DateTime.MaxValue.Ticks - inverted, TimeSpan.Zero)
            : null;

    /// <summary>
    /// Table keys may not contain '/', '\', '#', '?' or control characters; '|' separates key parts.
    /// Those (and the escape character '%') become %XX.
    /// </summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(Reserved) < 0 && !value.Any(char.IsControl))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '|' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Where a read stopped: the scope it belongs to, the partition, and the table's own token.</summary>
internal sealed record AuditCursor(string Scope, string Partition, string? TableToken)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?> { ["s"] = Scope, ["p"] = Partition, ["t"] = TableToken });
        return Base64Url.EncodeToString(json);
    }

    public static AuditCursor? Decode(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(Base64Url.DecodeFromChars(token));
            if (values is not null
                && values.TryGetValue("s", out var s) && s == scope
                && values.TryGetValue("p", out var p) && !string.IsNullOrEmpty(p))
            {
                return new AuditCursor(scope, p, values.GetValueOrDefault("t"));
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }

        throw new DomainValidationException("continuation", "The continuation token is not valid for this list; start again without it.");
    }
}
