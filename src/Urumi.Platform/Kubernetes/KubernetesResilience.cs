using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Urumi.Domain.Telemetry;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// The resilience pipeline every API request runs through (a <c>ResilienceHandler</c> in the client's
/// pipeline): 429 answers (any verb) and 5xx answers to plain reads retried after <c>Retry-After</c> or
/// <see cref="KubernetesBackoff"/>, then at most <see cref="KubernetesOptions.MaxConcurrentRequests"/> requests
/// in flight, each retry counted in <see cref="UrumiMetrics"/>. A retry waits outside the concurrency limit, so a throttled call never holds a slot while it waits.
/// </summary>
internal static class KubernetesResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(KubernetesOptions options, TimeProvider time, ILogger logger, UrumiMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetriesOn429 > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetriesOn429,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response && ShouldRetry(response)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.Outcome.Result, args.AttemptNumber + 1, options.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage;
                    metrics?.KubernetesRetry((request?.Method ?? HttpMethod.Get).Method, (int)(args.Outcome.Result?.StatusCode ?? 0));
                    KubernetesLog.Throttled(logger, request?.Method ?? HttpMethod.Get, request?.RequestUri?.AbsolutePath ?? "", args.AttemptNumber + 1, options.MaxRetriesOn429, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Waiting callers queue (oldest first) rather than fail: the limit protects the API server, it is not admission control.
        builder.AddConcurrencyLimiter(options.MaxConcurrentRequests, queueLimit: int.MaxValue);
        return builder.Build();
    }

    /// <summary>True for a watch request (<c>watch=true</c>): its response is a stream, not a body to read.</summary>
    public static bool IsWatch(Uri? uri)
    {
        var query = uri?.Query;
        return query is not null && query.Contains("watch=true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// 429 is retried for every verb (the server did nothing); a 5xx only for plain reads, which are
    /// idempotent, so a flaky API server does not fail a list the caller cannot easily repeat.
    /// </summary>
    private static bool ShouldRetry(HttpResponseMessage response)
    {
        var request = response.RequestMessage;
        return response.StatusCode == HttpStatusCode.TooManyRequests
            || (request?.Method == HttpMethod.Get && !IsWatch(request.RequestUri) && response.StatusCode is HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), else the back-off; never longer than <paramref name="longest"/>.</summary>
    private static TimeSpan RetryDelay(HttpResponseMessage? response, int attempt, TimeSpan longest, TimeProvider time)
    {
        var hint = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => KubernetesBackoff.Delay(attempt),
        };
        if (hint < TimeSpan.Zero)
        {
            hint = TimeSpan.Zero;
        }

        return hint > longest ? longest : hint;
    }
}
