using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Urumi.Domain.Workflows.Cleanup;
using Urumi.Platform.Api;
using Urumi.Platform.Cleanup;
using Urumi.Server.Hosting;

namespace Urumi.Server.Tests.Hosting;

/// <summary>
/// The self-hosted cleanup timer on a fake clock, starting the real launcher against the in-process durable
/// host (a stand-in "Cleanup" orchestrator that finishes at once). Each log line is stamped with the fake time
/// it was written at, so "not before the occurrence" is read from the record, not from a sleep.
/// </summary>
public sealed class CleanupScheduleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 26, 10, 5, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Occurrence - TimeSpan.FromSeconds(1));
    private readonly StampedLogger log;
    private DurableTaskTestHost host = null!;

    public CleanupScheduleTests() => log = new StampedLogger(time);

    public async Task InitializeAsync() =>
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestratorFunc<CleanupInput, CleanupInput>(CleanupWorkflow.Name, (_, input) => input!),
            new DurableTaskTestHostOptions { Port = Ports.Free() });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ExecuteAsync_OccurrenceReached_StartsTheScheduledCleanupNotBefore()
    {
        using var schedule = Schedule(new CleanupOptions { Schedule = "0 5 * * * *" });

        await schedule.StartAsync(CancellationToken.None);
        var tick = await AdvanceUntilLoggedAsync("Cleanup tick:");

        Assert.Equal("Cleanup tick: Started (dry run: False)", tick.Message);
        Assert.True(tick.At >= Occurrence, $"the cleanup started at {tick.At:O}, before the occurrence {Occurrence:O}");
        var run = await host.Client.WaitForInstanceCompletionAsync(CleanupWorkflow.InstanceId, getInputsAndOutputs: true);
        Assert.Equal(CleanupWorkflow.ScheduleActor, run.ReadInputAs<CleanupInput>()!.Actor);
        await AdvanceUntilLoggedAsync("Next cleanup tick at 2026-11-26 11:05:00Z");
        await schedule.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_CleanupDisabled_TicksWithoutStartingAnything()
    {
        using var schedule = Schedule(new CleanupOptions { Schedule = "0 5 * * * *", Enabled = false });

        await schedule.StartAsync(CancellationToken.None);
        var tick = await AdvanceUntilLoggedAsync("Cleanup tick:");

        Assert.Equal("Cleanup tick: Disabled (dry run: False)", tick.Message);
        Assert.Null(await host.Client.GetInstanceAsync(CleanupWorkflow.InstanceId));
        await schedule.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_ScheduleWithoutOccurrence_StopsAndSaysSo()
    {
        using var schedule = Schedule(new CleanupOptions { Schedule = "0 0 0 31 2 *" });

        await schedule.StartAsync(CancellationToken.None);
        await schedule.ExecuteTask!;

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("Cleanup schedule '0 0 0 31 2 *' has no occurrence in the next five years; the schedule stops", entry.Message);
    }

    [Fact]
    public async Task ExecuteAsync_Stopped_EndsWithoutTicking()
    {
        using var schedule = Schedule(new CleanupOptions { Schedule = "0 5 * * * *" });
        await schedule.StartAsync(CancellationToken.None);
        await AdvanceUntilLoggedAsync("Next cleanup tick at 2026-11-26 10:05:00Z", advance: TimeSpan.Zero);

        await schedule.StopAsync(CancellationToken.None);

        Assert.True(schedule.ExecuteTask!.IsCompletedSuccessfully);
        Assert.DoesNotContain(log.Entries, e => e.Message.StartsWith("Cleanup tick:", StringComparison.Ordinal));
    }

    private CleanupSchedule Schedule(CleanupOptions options)
    {
        var monitor = new StaticMonitor(options);
        var launcher = new CleanupLauncher(monitor, Options.Create(new StoreApiOptions { BaseDomain = "shops.test" }), NullLogger<CleanupLauncher>.Instance);
        return new CleanupSchedule(launcher, host.Client, monitor, time, log);
    }

    /// <summary>
    /// Moves the fake clock on in small steps until a line starting with <paramref name="prefix"/> is logged.
    /// The clock, not the machine, decides when the timer fires, so the only limit is on fake time.
    /// </summary>
    private async Task<StampedLogger.Entry> AdvanceUntilLoggedAsync(string prefix, TimeSpan? advance = null)
    {
        var step = advance ?? TimeSpan.FromMilliseconds(100);
        var limit = time.GetUtcNow() + TimeSpan.FromHours(2);
        while (true)
        {
            if (log.Entries.FirstOrDefault(e => e.Message.StartsWith(prefix, StringComparison.Ordinal)) is { } entry)
            {
                return entry;
            }

            Assert.True(time.GetUtcNow() < limit, $"'{prefix}' was not logged within two hours of fake time; log:\n{string.Join("\n", log.Entries)}");
            time.Advance(step);
            await Task.Delay(5);
        }
    }

    private sealed class StaticMonitor(CleanupOptions value) : IOptionsMonitor<CleanupOptions>
    {
        public CleanupOptions CurrentValue => value;

        public CleanupOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CleanupOptions, string?> listener) => null;
    }

    /// <summary>Keeps every line with the fake time it was written at.</summary>
    private sealed class StampedLogger(TimeProvider clock) : ILogger<CleanupSchedule>
    {
        private readonly ConcurrentQueue<Entry> entries = new();

        public IReadOnlyList<Entry> Entries => entries.ToArray();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(clock.GetUtcNow(), logLevel, formatter(state, exception)));

        public sealed record Entry(DateTimeOffset At, LogLevel Level, string Message);
    }
}
