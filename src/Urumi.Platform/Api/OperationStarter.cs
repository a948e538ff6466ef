using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Platform.Durable;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Api;

/// <summary>
/// Starts a store operation so that at most one runs per store, across replicas: claim each store
/// (<see cref="IOperationClaims"/>), schedule the orchestration, and read a start the task hub refuses
/// as already running. Written once for every operation (create, batch, delete and any later kind).
/// Claims a start does not use are released, so a refused or failed start never blocks the store.
/// On Urumi.Server (where <see cref="QueuedStarts"/> is registered) a single create is queued instead:
/// the claim records the start and the request is answered at once; <see cref="QueuedStartScheduler"/>
/// schedules it right after. The Functions host's durable client lives only inside one invocation, so
/// it schedules inline.
/// </summary>
/// <param name="claims">The claims port.</param>
/// <param name="metrics">Counts started operations.</param>
/// <param name="logger">Release failures.</param>
/// <param name="queue">The queued starts' drain, on hosts that have one.</param>
public sealed partial class OperationStarter(IOperationClaims claims, UrumiMetrics metrics, ILogger<OperationStarter> logger, QueuedStarts? queue = null)
{
    /// <summary>
    /// Starts a create of one store: queued when this host has a drain (the claim is the durable record
    /// of the start, so the answer can go out before the schedule), else as <see cref="StartAsync{TInput}(DurableTaskClient, StoreName, string, string, TInput, CancellationToken)"/>.
    /// Null when accepted, else the 409 naming the holder.
    /// </summary>
    public async Task<ApiResult?> StartCreateAsync<TInput>(
        DurableTaskClient client, StoreName store, string orchestrator, string instanceId, TInput input, CancellationToken cancellationToken)
    {
        if (queue is null)
        {
            return await StartAsync(client, store, orchestrator, instanceId, input, cancellationToken);
        }

        var (start, holder) = await claims.TryClaimWithStartAsync(
            client, store.Value, instanceId, orchestrator, JsonSerializer.Serialize(input, DurableJson.Options), cancellationToken);
        if (start is null)
        {
            return ApiProblems.OperationRunning(store, holder ?? instanceId);
        }

        if (!queue.TryEnqueue(start))
        {
            // Stopping: the start stays pending in its claim, and a sweeper schedules it.
            LogNotQueued(logger, store.Value, instanceId);
        }

        return null;
    }

    /// <summary>Starts <paramref name="orchestrator"/> as <paramref name="instanceId"/> for one store; null when started, else the 409 naming the holder.</summary>
    public Task<ApiResult?> StartAsync<TInput>(
        DurableTaskClient client, StoreName store, string orchestrator, string instanceId, TInput input, CancellationToken cancellationToken) =>
        StartAsync(client, [store], orchestrator, StoreOperations.StartOptions(instanceId), input, cancellationToken);

    /// <summary>
    /// Claims every one of <paramref name="stores"/> for one orchestration (a batch holds each of its
    /// stores until it is done), then schedules it; null when started, else the 409 naming the holder.
    /// </summary>
    public async Task<ApiResult?> StartAsync<TInput>(
        DurableTaskClient client, IReadOnlyList<StoreName> stores, string orchestrator, StartOrchestrationOptions start, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(start);
        var instanceId = start.InstanceId ?? throw new ArgumentException("A store operation has a fixed instance id.", nameof(start));
        var holders = await Task.WhenAll(stores.Select(s => claims.TryClaimAsync(client, s.Value, instanceId, cancellationToken)));
        var refused = stores.Zip(holders).FirstOrDefault(p => p.Second is not null);
        if (refused.Second is { } holder)
        {
            await ReleaseAsync(stores.Zip(holders).Where(p => p.Second is null).Select(p => p.First), instanceId);
            return ApiProblems.OperationRunning(refused.First, holder);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, start, cancellationToken);
            metrics.OperationStarted(orchestrator);
            return null;
        }
        catch (Exception error) when (StoreOperations.IsAlreadyRunning(error))
        {
            // The live instance of this id holds the claims now.
            return ApiProblems.OperationRunning(stores[0], instanceId);
        }
        catch
        {
            await ReleaseAsync(stores, instanceId);
            throw;
        }
    }

    /// <summary>
    /// Not bound to the request: a client that hangs up must not leave the claims behind. A release
    /// that fails is logged, not thrown: the claim goes stale by itself once its scheduling grace ends.
    /// </summary>
    private async Task ReleaseAsync(IEnumerable<StoreName> stores, string instanceId)
    {
        foreach (var store in stores)
        {
            try
            {
                await claims.ReleaseAsync(store.Value, instanceId, CancellationToken.None);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogReleaseFailed(logger, store.Value, instanceId, error.Message);
            }
        }
    }

    [LoggerMessage(EventId = 233, Level = LogLevel.Information, Message = "Create {Operation} of store {Store} accepted while the host stops: a sweeper schedules it")]
    private static partial void LogNotQueued(ILogger logger, string store, string operation);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Could not release the claim of store {Store} by {Operation} (it lapses by itself): {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string store, string operation, string reason);
}
