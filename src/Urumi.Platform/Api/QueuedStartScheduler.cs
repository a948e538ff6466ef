using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Telemetry;
using Urumi.Platform.Durable;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Api;

/// <summary>
/// Schedules a start a claim carries (<see cref="QueuedStart"/>), for the accepting replica's drain and
/// for every replica's sweeper alike. Each attempt first leases the claim (ETag-conditional), so two
/// schedulers never both start one create and no new claimer takes the store over meanwhile; then it
/// schedules with the same dedupe options as an inline start and marks the claim scheduled.
/// </summary>
public sealed partial class QueuedStartScheduler(
    IOperationClaims claims, UrumiMetrics metrics, IOptions<QueuedStartOptions> options, TimeProvider time, ILogger<QueuedStartScheduler> logger)
{
    private readonly QueuedStartOptions settings = options.Value;

    /// <summary>
    /// Schedules <paramref name="start"/> within <paramref name="attempts"/> attempts: true when it is
    /// scheduled (by this call, or found scheduled), false when another scheduler holds it now or it
    /// is no longer pending.
    /// </summary>
    /// <param name="client">The task hub.</param>
    /// <param name="start">The pending start, at the version this caller last saw.</param>
    /// <param name="checkFirst">Look for the instance before scheduling: a start nobody is known to have tried yet (the drain's first attempt) needs no look.</param>
    /// <param name="attempts">Attempts before giving up; the last failure is thrown.</param>
    /// <param name="cancellationToken">Host stopping.</param>
    public async Task<bool> ScheduleAsync(DurableTaskClient client, QueuedStart start, bool checkFirst, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(start);
        var current = start;
        for (var attempt = 1; ; attempt++)
        {
            if (await claims.TryLeaseAsync(current, cancellationToken) is not { } leased)
            {
                LogLeaseLost(logger, start.Store, start.InstanceId);
                return false;
            }

            current = leased;
            try
            {
                if ((checkFirst || attempt > 1) && await IsScheduledAsync(client, leased, cancellationToken))
                {
                    await claims.MarkScheduledAsync(leased, cancellationToken);
                    return true;
                }

                await ScheduleOnceAsync(client, leased, cancellationToken);
                await claims.MarkScheduledAsync(leased, cancellationToken);
                return true;
            }
            catch (Exception error) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                LogAttemptFailed(logger, start.Store, start.InstanceId, attempt, error.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << attempt)), time, cancellationToken);
            }
        }
    }

    private async Task ScheduleOnceAsync(DurableTaskClient client, QueuedStart start, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ScheduleTimeout);
        using var input = JsonDocument.Parse(start.Input);
        try
        {
            // The input is already in the durable converter's form; as a JsonElement it is written unchanged.
            await client.ScheduleNewOrchestrationInstanceAsync(start.Orchestrator, input.RootElement, StoreOperations.StartOptions(start.InstanceId), timeout.Token);
            metrics.OperationStarted(start.Orchestrator);
            var delay = time.GetUtcNow() - start.AcceptedAt;
            LogScheduled(logger, start.Store, start.InstanceId, delay);
        }
        catch (Exception error) when (StoreOperations.IsAlreadyRunning(error))
        {
            // This claim's instance is live: scheduled by an attempt whose answer was lost.
        }
    }

    /// <summary>True when the instance exists and was created since the start was accepted (an earlier attempt scheduled it).</summary>
    private static async Task<bool> IsScheduledAsync(DurableTaskClient client, QueuedStart start, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: false, cancellationToken);
        return instance is not null && instance.CreatedAt >= start.AcceptedAt - TableOperationClaims.ClockSkew;
    }

    [LoggerMessage(EventId = 230, Level = LogLevel.Debug, Message = "Scheduled {Operation} of store {Store}, {Delay} after its 202")]
    private static partial void LogScheduled(ILogger logger, string store, string operation, TimeSpan delay);

    [LoggerMessage(EventId = 231, Level = LogLevel.Debug, Message = "The pending start {Operation} of store {Store} is another scheduler's now (or no longer pending)")]
    private static partial void LogLeaseLost(ILogger logger, string store, string operation);

    [LoggerMessage(EventId = 232, Level = LogLevel.Warning, Message = "Attempt {Attempt} to schedule {Operation} of store {Store} failed (retrying): {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string store, string operation, int attempt, string reason);
}
