using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Storage;

/// <summary>
/// <see cref="IOperationClaims"/> in an Azure Storage table: one row per store, taken with an atomic
/// insert (or an ETag-conditional replace of a stale claim).
/// </summary>
/// <param name="tables">The storage account of the audit table.</param>
/// <param name="tableName">The claims table (<c>Urumi:Stores:ClaimsTable</c>).</param>
/// <param name="time">The clock a claim's age is read against.</param>
internal sealed class TableOperationClaims(TableServiceClient tables, string tableName, TimeProvider time) : IOperationClaims
{
    /// <summary>A claim whose operation has not appeared yet is honoured this long (its claimer may still be scheduling it).</summary>
    internal static readonly TimeSpan SchedulingGrace = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference between this process and the task hub's timestamps.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    private const string RowKey = "operation";
    private readonly TableClient table = tables.GetTableClient(tableName);
    private volatile bool tableReady;

    public async Task<string?> TryClaimAsync(DurableTaskClient client, string store, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await EnsureTableAsync(cancellationToken);
        var claim = new TableEntity(store, RowKey) { ["InstanceId"] = instanceId, ["ClaimedAt"] = time.GetUtcNow() };
        try
        {
            await Storage(() => table.AddEntityAsync(claim, cancellationToken), cancellationToken);
            return null;
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
        }

        var existing = await Storage(() => table.GetEntityIfExistsAsync<TableEntity>(store, RowKey, cancellationToken: cancellationToken), cancellationToken);
        if (!existing.HasValue)
        {
            // Another caller's claim went away between our insert and read; retrying is the caller's call.
            return instanceId;
        }

        var holder = existing.Value!.GetString("InstanceId") ?? string.Empty;
        if (!await IsStaleAsync(client, existing.Value, cancellationToken))
        {
            return holder;
        }

        try
        {
            await Storage(() => table.UpdateEntityAsync(claim, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken), cancellationToken);
            return null;
        }
        catch (RequestFailedException error) when (error.Status == 412)
        {
            return holder;
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
    /// the operation within <see cref="SchedulingGrace"/> (it crashed in between).
    /// </summary>
    private async Task<bool> IsStaleAsync(DurableTaskClient client, TableEntity claim, CancellationToken cancellationToken)
    {
        var claimedAt = claim.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
        var instance = await client.GetInstanceAsync(claim.GetString("InstanceId") ?? string.Empty, getInputsAndOutputs: false, cancellationToken);
        if (StoreOperations.IsLive(instance))
        {
            return false;
        }

        var ranAfterClaim = instance is not null && instance.CreatedAt >= claimedAt - ClockSkew;
        return ranAfterClaim || time.GetUtcNow() - claimedAt > SchedulingGrace;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!tableReady)
        {
            await Storage(() => table.CreateIfNotExistsAsync(cancellationToken), cancellationToken);
            tableReady = true;
        }
    }

    /// <summary>404, 409 and 412 are answers the claim logic reads; every other storage failure becomes a domain error.</summary>
    private async Task<T> Storage<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception error) when (error is not RequestFailedException { Status: 404 or 409 or 412 }
            && TableStorageErrors.ToDomain(error, "claim the store", $"the operation claims table '{table.Name}'", "AzureWebJobsStorage", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }
}
