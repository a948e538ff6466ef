using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;

namespace Urumi.Server.Hosting;

/// <summary>
/// Every replica, at start and every <see cref="QueuedStartOptions.SweepPeriod"/>: schedules the creates that were
/// answered with 202 but are still pending in their claims after <see cref="QueuedStartOptions.PendingAge"/>
/// (the accepting replica died before scheduling them, or scheduling kept failing). Each is leased
/// first, so replicas sweeping at once start it once; one already scheduled is only marked.
/// </summary>
internal sealed partial class PendingStartSweep(
    IOperationClaims claims, QueuedStartScheduler scheduler, DurableTaskClient client, IOptions<QueuedStartOptions> options, TimeProvider time, ILogger<PendingStartSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.SweepPeriod, time);
        try
        {
            // At start too: a restarted replica picks up what it left pending at once.
            do
            {
                await SweepAsync(settings, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(QueuedStartOptions settings, CancellationToken stoppingToken)
    {
        QueuedStart[] pending;
        try
        {
            pending = await claims.ListPendingAsync(settings.PendingAge, stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Storage is down: /api/health says so, and the next sweep tries again.
            LogSweepFailed(logger, error.Message);
            return;
        }

        foreach (var start in pending)
        {
            try
            {
                if (await scheduler.ScheduleAsync(client, start, checkFirst: true, attempts: 1, stoppingToken))
                {
                    LogSwept(logger, start.Store, start.InstanceId);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogStillPending(logger, start.Store, start.InstanceId, error.Message);
            }
        }
    }

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Scheduled the pending create {Operation} of store {Store} (its replica had not)")]
    private static partial void LogSwept(ILogger logger, string store, string operation);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "The create {Operation} of store {Store} is still pending (accepted, not scheduled; the next sweep retries): {Reason}")]
    private static partial void LogStillPending(ILogger logger, string store, string operation, string reason);

    [LoggerMessage(EventId = 323, Level = LogLevel.Warning, Message = "Could not look for pending creates (the next sweep retries): {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}

internal static class QueuedStartRegistration
{
    /// <summary>Queued creates: POST /api/stores answers once the claim holds the start; the drain and the sweeper schedule it.</summary>
    public static IServiceCollection AddUrumiQueuedStarts(this IServiceCollection services)
    {
        services.AddOptions<QueuedStartOptions>().BindConfiguration(QueuedStartOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QueuedStarts>();
        services.AddSingleton<QueuedStartScheduler>();
        services.AddHostedService<QueuedStartDrain>();
        services.AddHostedService<PendingStartSweep>();
        return services;
    }
}
