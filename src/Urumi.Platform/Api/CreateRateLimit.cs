using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Urumi.Platform.Api;

/// <summary>
/// At most <see cref="StoreApiOptions.CreatesPerMinute"/> creates per caller per minute: a fixed
/// one-minute window per actor (<see cref="PartitionedRateLimiter"/>). In-memory and per process,
/// which is enough to stop a runaway script; replicas each count on their own.
/// </summary>
public sealed class CreateRateLimit : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<string> limiter;

    public CreateRateLimit(IOptions<StoreApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.Value.CreatesPerMinute;
        Limit = limit;
        limiter = PartitionedRateLimiter.Create<string, string>(actor => RateLimitPartition.GetFixedWindowLimiter(actor, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Creates per minute a caller may make.</summary>
    public int Limit { get; }

    /// <summary>Counts <paramref name="permits"/> creates of <paramref name="actor"/>; when over the limit returns false and how long to wait.</summary>
    public bool TryAcquire(string actor, int permits, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(actor, permits);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : Window;
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
