using System.Net;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// Client-side flow control the C# client lacks: at most <c>MaxConcurrentRequests</c> requests in
/// flight, and 429 answers retried after their <c>Retry-After</c> (bounded) before they surface.
/// An ordinary request keeps its slot until its body is read; a watch gives it back as soon as its
/// headers arrive, so long-lived streams never starve other calls.
/// </summary>
internal sealed class KubernetesThrottlingHandler : DelegatingHandler
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxRetries;
    private readonly TimeSpan _maxRetryAfter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KubernetesThrottlingHandler(KubernetesOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _maxRetries = options.MaxRetriesOn429;
        _maxRetryAfter = options.MaxRetryAfter;
        _time = time;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watch = IsWatch(request.RequestUri);
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
                if (!watch && !ShouldRetry(request, response.StatusCode, watch))
                {
                    try
                    {
                        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                }
            }
            finally
            {
                _slots.Release();
            }

            if (!ShouldRetry(request, response.StatusCode, watch) || attempt > _maxRetries)
            {
                return response;
            }

            var delay = RetryDelay(response, attempt);
            response.Dispose();
            KubernetesLog.Throttled(_logger, request.Method, request.RequestUri?.AbsolutePath ?? "", attempt, _maxRetries, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        var hint = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _time.GetUtcNow(),
            _ => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1)),
        };
        if (hint < TimeSpan.Zero)
        {
            hint = TimeSpan.Zero;
        }

        return hint > _maxRetryAfter ? _maxRetryAfter : hint;
    }

    /// <summary>
    /// A connection cut or garbled mid-response surfaces from the HTTP stack as an IOException or even
    /// an ArgumentOutOfRangeException (status line parsing); both are network trouble, so they become
    /// <see cref="HttpRequestException"/>, which the adapter treats as transient.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ArgumentOutOfRangeException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, $"The API server's response could not be read ({error.Message}).", error);
        }
    }

    /// <summary>
    /// 429 is retried for every verb (the server did nothing); a 5xx only for plain reads, which are
    /// idempotent, so a flaky API server does not fail a list the caller cannot easily repeat.
    /// </summary>
    private static bool ShouldRetry(HttpRequestMessage request, HttpStatusCode status, bool watch) =>
        status == HttpStatusCode.TooManyRequests
        || (request.Method == HttpMethod.Get && !watch && status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);

    private static bool IsWatch(Uri? uri)
    {
        var query = uri?.Query;
        return query is not null && query.Contains("watch=true", StringComparison.OrdinalIgnoreCase);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slots.Dispose();
        }

        base.Dispose(disposing);
    }
}
