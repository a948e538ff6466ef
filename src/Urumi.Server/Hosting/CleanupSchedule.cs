using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Platform.Cleanup;

namespace Urumi.Server.Hosting;

/// <summary>
/// The self-hosted equivalent of the Functions cleanup timer: sleeps until the next occurrence of
/// <c>Urumi:Cleanup:Schedule</c> (NCRONTAB, UTC) and starts the singleton cleanup. Never runs on
/// start-up; a tick missed while the process was down is not replayed (the next one covers it).
/// Every replica ticks; the singleton instance id makes all but one of them a no-op.
/// </summary>
internal sealed partial class CleanupSchedule(
    CleanupLauncher launcher, DurableTaskClient client, IOptionsMonitor<CleanupOptions> options, TimeProvider time, ILogger<CleanupSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var schedule = options.CurrentValue.ParsedSchedule();
            var now = time.GetUtcNow();
            if (schedule.Next(now.UtcDateTime) is not { } next)
            {
                LogNoOccurrence(logger, schedule.Expression);
                return;
            }

            LogNextTick(logger, next);
            try
            {
                // Task.Delay cannot wait more than ~49 days; wake up and recompute on long gaps.
                var wait = new DateTimeOffset(next) - now;
                await Task.Delay(wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait, time, stoppingToken);
                if (time.GetUtcNow() < new DateTimeOffset(next))
                {
                    continue;
                }

                var start = await launcher.StartScheduledAsync(client, stoppingToken);
                LogTick(logger, start.Outcome, start.DryRun);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The next tick tries again; a broken task hub is reported by /api/health.
                LogTickFailed(logger, error);
            }
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Next cleanup tick at {Next:u}")]
    private static partial void LogNextTick(ILogger logger, DateTime next);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Cleanup tick: {Outcome} (dry run: {DryRun})")]
    private static partial void LogTick(ILogger logger, CleanupStartOutcome outcome, bool dryRun);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Cleanup tick failed to start the cleanup")]
    private static partial void LogTickFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Cleanup schedule '{Schedule}' has no occurrence in the next five years; the schedule stops")]
    private static partial void LogNoOccurrence(ILogger logger, string schedule);
}

internal static class CleanupScheduleRegistration
{
    /// <summary>The hosted cleanup schedule and the task-hub port its activities use, over the DI durable client.</summary>
    public static IServiceCollection AddUrumiCleanupSchedule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOperationHistory>(sp => new DurableTaskOperationHistory(sp.GetRequiredService<DurableTaskClient>()));
        services.AddHostedService<CleanupSchedule>();
        return services;
    }
}
