using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Urumi.Platform.Api;

namespace Urumi.Server.Hosting;

/// <summary>
/// Schedules the creates this replica answered with 202 (<see cref="QueuedStarts"/>), several at once,
/// right after their claims were written. A start that keeps failing is left pending in its claim,
/// where <see cref="PendingStartSweep"/> picks it up.
/// </summary>
internal sealed partial class QueuedStartDrain(
    QueuedStarts queue, QueuedStartScheduler scheduler, DurableTaskClient client, IOptions<QueuedStartOptions> options, ILogger<QueuedStartDrain> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = stoppingToken };
        try
        {
            await Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stoppingToken), parallel, async (start, token) =>
            {
                try
                {
                    await scheduler.ScheduleAsync(client, start, checkFirst: false, settings.Attempts, token);
                }
                catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    LogLeftToSweeper(logger, start.Store, start.InstanceId, error.Message);
                }
            });
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is pending in its claims, for a sweeper.
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        return base.StopAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Could not schedule {Operation} of store {Store}; a sweeper retries it: {Reason}")]
    private static partial void LogLeftToSweeper(ILogger logger, string store, string operation, string reason);
}
