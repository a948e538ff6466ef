using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Api;

/// <summary>One outside dependency the health endpoint asks about (storage, cluster, helm).</summary>
public interface IDependencyCheck
{
    string Name { get; }

    /// <summary>A short operator-facing detail: the version seen, or why it is unreachable.</summary>
    Task<string> CheckAsync(CancellationToken cancellationToken);
}

/// <summary><c>GET /api/health</c>: 200 when every dependency answers, 503 naming those that do not.</summary>
public sealed partial class HealthApi(IEnumerable<IDependencyCheck> checks, ILogger<HealthApi> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<ApiResult> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(check => RunAsync(check, cancellationToken)));
        var healthy = results.All(r => r.Healthy);
        var view = new HealthView(healthy ? "healthy" : "unhealthy", results);
        return new ApiResult(healthy ? 200 : 503, view, new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    private async Task<DependencyHealth> RunAsync(IDependencyCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return new DependencyHealth(check.Name, true, await check.CheckAsync(timeout.Token));
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var detail = error is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : error.Message;
            LogUnhealthy(logger, check.Name, detail);
            return new DependencyHealth(check.Name, false, detail);
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Health check {Check} failed: {Detail}")]
    private static partial void LogUnhealthy(ILogger logger, string check, string detail);
}
