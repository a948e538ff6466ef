using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Storage;

/// <summary>
/// <see cref="IOperationClaims"/> in an Azure Storage table: one row per store, taken with an atomic
/// insert (or an ETag-conditional replace of a stale claim). A queued start adds to the row its
/// orchestrator, input, acceptance time and a Pending flag, which marking it scheduled clears.
/// </summary>
/// <param name="tables">The storage account of the audit table.</param>
/// <param name="tableName">The claims table (<c>Urumi:Stores:ClaimsTable</c>).</param>
/// <param name="time">The clock a claim's age is read against.</param>
internal sealed class TableOperationClaims(TableServiceClient tables, string tableName, TimeProvider time) : IOperationClaims
{
    /// <summary>A claim whose operation has not appeared yet is honoured this long (its claimer may still be scheduling it).</summary>
    internal static readonly TimeSpan SchedulingGrace = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference between this process and the task hub's timestamps.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    private const string RowKey = "operation";
    private const string ReadWhat = "read the accepted creates";
    private readonly TableClient table = tables.GetTableClient(tableName);
    private volatile bool tableReady;

    public async Task<string?> TryClaimAsync(DurableTaskClient client, string store, string instanceId, CancellationToken cancellationToken) =>
        (await TryClaimCoreAsync(client, new TableEntity(store, RowKey) { ["InstanceId"] = instanceId, ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken)).Holder;

    public async Task<(QueuedStart? Start, string? Holder)> TryClaimWithStartAsync(
        DurableTaskClient client, string store, string instanceId, string orchestrator, string input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claim = new TableEntity(store, RowKey)
        {
            ["InstanceId"] = instanceId, ["ClaimedAt"] = now, ["AcceptedAt"] = now, ["Orchestrator"] = orchestrator, ["Input"] = input, ["Pending"] = true,
        };
        var (version, holder) = await TryClaimCoreAsync(client, claim, cancellationToken);
        return (version is { } v ? new QueuedStart(store, instanceId, orchestrator, input, now, Scheduled: false, v.ToString()) : null, holder);
    }

    public async Task<QueuedStart?> TryLeaseAsync(QueuedStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return await TryMergeAsync(start, "ClaimedAt", time.GetUtcNow(), cancellationToken) is { } version ? start with { Version = version } : null;
    }

    public async Task<bool> MarkScheduledAsync(QueuedStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        return await TryMergeAsync(start, "Pending", false, cancellationToken) is not null;
    }

    /// <summary>Sets one property of <paramref name="start"/>'s claim if the row is still the version it was read at: the new version, else null (taken over or gone).</summary>
    private async Task<string?> TryMergeAsync(QueuedStart start, string property, object value, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var change = new TableEntity(start.Store, RowKey) { [property] = value };
        try
        {
            var response = await Storage(() => table.UpdateEntityAsync(change, new ETag(start.Version), TableUpdateMode.Merge, cancellationToken), cancellationToken);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException error) when (error.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<QueuedStart[]> ListPendingAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - olderThan;
        return await Storage(
            async () =>
            {
                var pending = new List<QueuedStart>();
                await foreach (var claim in table.QueryAsync<TableEntity>("Pending eq true", cancellationToken: cancellationToken))
                {
                    if ((claim.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue) <= cutoff && ToStart(claim) is { } start)
                    {
                        pending.Add(start);
                    }
                }

                return pending.ToArray();
            },
            cancellationToken,
            ReadWhat);
    }

    public async Task<QueuedStart?> FindStartAsync(string store, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var existing = await Storage(() => table.GetEntityIfExistsAsync<TableEntity>(store, RowKey, cancellationToken: cancellationToken), cancellationToken, ReadWhat);
        return existing.HasValue ? ToStart(existing.Value!) : null;
    }

    /// <summary>Inserts <paramref name="claim"/>, or replaces a stale claim with it: its version when claimed, else the holder.</summary>
    private async Task<(ETag? Version, string? Holder)> TryClaimCoreAsync(DurableTaskClient client, TableEntity claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await EnsureTableAsync(cancellationToken);
        var store = claim.PartitionKey;
        var instanceId = claim.GetString("InstanceId");
        try
        {
            var added = await Storage(() => table.AddEntityAsync(claim, cancellationToken), cancellationToken);
            return (added.Headers.ETag, null);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
        }

        var existing = await Storage(() => table.GetEntityIfExistsAsync<TableEntity>(store, RowKey, cancellationToken: cancellationToken), cancellationToken);
        if (!existing.HasValue)
        {
            // Another caller's claim went away between our insert and read; retrying is the caller's call.
            return (null, instanceId);
        }

        var holder = existing.Value!.GetString("InstanceId") ?? string.Empty;
        if (!await IsStaleAsync(client, existing.Value, cancellationToken))
        {
            return (null, holder);
        }

        try
        {
            var replaced = await Storage(() => table.UpdateEntityAsync(claim, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken), cancellationToken);
            return (replaced.Headers.ETag, null);
        }
        catch (RequestFailedException error) when (error.Status == 412)
        {
            return (null, holder);
        }
    }

    public async Task ReleaseAsync(string store, string instanceId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var existing = await Storage(() => table.GetEntityIfExistsAsync<TableEntity>(store, RowKey, cancellationToken: cancellationToken), cancellationToken);
        if (!existing.HasValue || existing.Value!.GetString("InstanceId") != instanceId)
        {
            return;
        }

        try
        {
            await Storage(() => table.DeleteEntityAsync(store, RowKey, existing.Value.ETag, cancellationToken), cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status is 404 or 412)
        {
            // Taken over or released meanwhile: no longer ours to release.
        }
    }

    /// <summary>
    /// A claim is stale when its operation ran and has finished, or when its claimer never started
    /// the operation within <see cref="SchedulingGrace"/> (it crashed in between). A queued start's
    /// claim counts its grace from its last lease: a scheduler working on it keeps it fresh.
    /// </summary>
    private async Task<bool> IsStaleAsync(DurableTaskClient client, TableEntity claim, CancellationToken cancellationToken)
    {
        var claimedAt = claim.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
        var acceptedAt = claim.GetDateTimeOffset("AcceptedAt") ?? claimedAt;
        var instance = await client.GetInstanceAsync(claim.GetString("InstanceId") ?? string.Empty, getInputsAndOutputs: false, cancellationToken);
        if (StoreOperations.IsLive(instance))
        {
            return false;
        }

        var ranAfterClaim = instance is not null && instance.CreatedAt >= acceptedAt - ClockSkew;
        return ranAfterClaim || time.GetUtcNow() - claimedAt > SchedulingGrace;
    }

    private static QueuedStart? ToStart(TableEntity claim) =>
        claim.GetString("Orchestrator") is { } orchestrator && claim.GetString("Input") is { } input
            ? new QueuedStart(
                claim.PartitionKey, claim.GetString("InstanceId") ?? string.Empty, orchestrator, input,
                claim.GetDateTimeOffset("AcceptedAt") ?? DateTimeOffset.MinValue, claim.GetBoolean("Pending") != true, claim.ETag.ToString())
            : null;

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!tableReady)
        {
            await Storage(() => table.CreateIfNotExistsAsync(cancellationToken), cancellationToken);
            tableReady = true;
        }
    }

    /// <summary>404, 409 and 412 are answers the claim logic reads; every other storage failure becomes a domain error.</summary>
    private async Task<T> Storage<T>(Func<Task<T>> call, CancellationToken cancellationToken, string what = "claim the store")
    {
        try
        {
            return await call();
        }
        catch (Exception error) when (error is not RequestFailedException { Status: 404 or 409 or 412 }
            && TableStorageErrors.ToDomain(error, what, $"the operation claims table '{table.Name}'", "AzureWebJobsStorage", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }
}
