namespace Urumi.Domain.Stores;

/// <summary>
/// A per-actor fixed-window counter: at most <c>limit</c> creates per minute. In-memory and per
/// process, which is enough to stop a runaway script; replicas each count on their own.
/// </summary>
public sealed class RequestRateLimit(int limit)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> windows = new(StringComparer.Ordinal);

    /// <summary>Counts one request; when over the limit returns false and how long to wait.</summary>
    public bool TryAcquire(string actor, DateTimeOffset now, int permits, out TimeSpan retryAfter)
    {
        lock (windows)
        {
            if (!windows.TryGetValue(actor, out var window) || now - window.Start >= Window)
            {
                window = (now, 0);
            }

            if (window.Count + permits > limit)
            {
                retryAfter = window.Start + Window - now;
                windows[actor] = window;
                return false;
            }

            windows[actor] = (window.Start, window.Count + permits);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
