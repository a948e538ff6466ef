using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Api;

/// <summary>
/// Liveness (<c>GET /api/health/live</c>: the process answers, nothing else is touched) and readiness
/// (<c>GET /api/health/ready</c>, also <c>/api/health</c>: 200 when every registered
/// <see cref="IHealthCheck"/> (storage, cluster, helm) is healthy, 503 naming those that are not).
/// Health is unauthenticated, so readiness is cheap on purpose: one round of checks runs at a time
/// and its answer is reused for <see cref="CacheFor"/>; callers that arrive meanwhile share it (one
/// helm process at most, however many probes).
/// </summary>
public sealed partial class HealthApi(HealthCheckService checks, ApiProblems problems, TimeProvider time, ILogger<HealthApi> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>How long one check may take before it counts as unhealthy (set on every registration).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private Task<DependencyHealth[]>? round;
    private DateTimeOffset freshUntil;

    public static ApiResult Live() =>
        new(200, new HealthView("alive", []), new Dictionary<string, string> { ["Cache-Control"] = "no-store" });

    public Task<ApiResult> CheckAsync(CancellationToken cancellationToken) => problems.GuardAsync(() => CheckCoreAsync(cancellationToken));

    private async Task<ApiResult> CheckCoreAsync(CancellationToken cancellationToken)
    {
        Task<DependencyHealth[]> current;
        lock (gate)
        {
            if (round is null || (round.IsCompleted && time.GetUtcNow() >= freshUntil))
            {
                // Not bound to this caller's request: others may be waiting for the same round.
                round = RunRoundAsync();
            }

            current = round;
        }

        var results = await current.WaitAsync(cancellationToken);
        var healthy = results.All(r => r.Healthy);
        var view = new HealthView(healthy ? "healthy" : "unhealthy", results);
        return new ApiResult(healthy ? 200 : 503, view, new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    private async Task<DependencyHealth[]> RunRoundAsync()
    {
        await Task.Yield();
        try
        {
            var report = await checks.CheckHealthAsync(CancellationToken.None);
            return report.Entries.Select(e => ToDependency(e.Key, e.Value)).ToArray();
        }
        finally
        {
            lock (gate)
            {
                freshUntil = time.GetUtcNow() + CacheFor;
            }
        }
    }

    private DependencyHealth ToDependency(string name, HealthReportEntry entry)
    {
        if (entry.Status == HealthStatus.Healthy)
        {
            return new DependencyHealth(name, true, entry.Description ?? "healthy");
        }

        var detail = entry.Exception is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s"
            : entry.Exception?.Message ?? entry.Description ?? entry.Status.ToString();
        LogUnhealthy(logger, name, detail);
        return new DependencyHealth(name, false, detail);
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Health check {Check} failed: {Detail}")]
    private static partial void LogUnhealthy(ILogger logger, string check, string detail);
}
