using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging;
using Urumi.Domain;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// One kind's list → watch → re-list cycle, shared by the readiness wait (<see cref="ReadinessWatch"/>) and
/// the store cache (<see cref="StoreCache"/>): watch requests of at most <see cref="KubernetesOptions.WatchTimeout"/>
/// from the last list's resourceVersion, a fresh list whenever a stream ends, expires (410 Gone) or breaks,
/// a growing pause when streams keep failing. Events go to the caller's single reader.
/// </summary>
internal sealed class WatchLoop(KubernetesOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>A stream that ends this soon after it started, with nothing in it, counts as a failure.</summary>
    private static readonly TimeSpan QuickEnd = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs until <paramref name="token"/> is cancelled or a failure that is not transient (then written as
    /// <see cref="ReadinessMessage.Fault"/>): lists when <paramref name="resourceVersion"/> is null, then
    /// watches from the list's version. No watch request outlasts <paramref name="deadline"/> (none: the
    /// watch timeout alone bounds it).
    /// </summary>
    /// <param name="kind">What is listed and watched.</param>
    /// <param name="scope">Where, for the log: a namespace or a selector.</param>
    /// <param name="resourceVersion">The version of a list the caller already holds; null lists first.</param>
    /// <param name="deadline">When the caller stops listening, if it does.</param>
    /// <param name="writer">The single reader's channel.</param>
    /// <param name="token">Stops the loop.</param>
    public async Task RunAsync(WatchedKind kind, string scope, string? resourceVersion, DateTimeOffset? deadline, ChannelWriter<ReadinessMessage> writer, CancellationToken token)
    {
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            TimeSpan? pause = null;
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listVersion) = await kind.List(token).ConfigureAwait(false);
                    writer.TryWrite(new ReadinessMessage.Relisted(kind.Name, items));
                    resourceVersion = listVersion ?? "";
                }

                var remaining = deadline is { } end ? end - time.GetUtcNow() : options.WatchTimeout;
                var timeoutSeconds = (int)Math.Ceiling(Math.Clamp(remaining.TotalSeconds, 1, Math.Max(1, options.WatchTimeout.TotalSeconds)));
                started = time.GetUtcNow();
                var (events, why) = await WatchOnceAsync(kind, resourceVersion, timeoutSeconds, writer, token).ConfigureAwait(false);
                KubernetesLog.WatchEnded(logger, kind.Name, scope, why);
                resourceVersion = null;

                // A stream that closes at once with nothing in it must not turn into a tight re-list loop.
                failures = events == 0 && EndedQuickly(started) ? failures + 1 : 0;
                pause = failures > 1 ? KubernetesBackoff.Delay(failures) : null;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (KubernetesErrors.IsGone(ex))
            {
                KubernetesLog.WatchEnded(logger, kind.Name, scope, "410 Gone");
                resourceVersion = null;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
            {
                // KubernetesClient throws this when a watch stream ends before its first line: the
                // server's timeoutSeconds in a quiet namespace. A normal end, not a failure.
                KubernetesLog.WatchEnded(logger, kind.Name, scope, "stream closed without events");
                resourceVersion = null;
                failures = EndedQuickly(started) ? failures + 1 : 0;
                pause = failures > 1 ? KubernetesBackoff.Delay(failures) : null;
            }
            catch (Exception ex)
            {
                var mapped = KubernetesErrors.Map(ex, $"watch {kind.Name} in {scope}", token) ?? ex;
                if (mapped is not TransientException)
                {
                    writer.TryWrite(new ReadinessMessage.Fault(mapped));
                    return;
                }

                failures++;
                pause = KubernetesBackoff.Delay(failures);
                KubernetesLog.WatchFailed(logger, ex, kind.Name, scope, pause.Value);
                resourceVersion = null;
            }

            if (pause is { } delay && !await PauseAsync(delay, token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>One watch request: its events go to the reader; returns how many came and why the stream ended.</summary>
    private static async Task<(int Events, string Why)> WatchOnceAsync(
        WatchedKind kind, string resourceVersion, int timeoutSeconds, ChannelWriter<ReadinessMessage> writer, CancellationToken token)
    {
        var gone = false;
        string? streamError = null;
        var events = 0;
        await foreach (var (type, item) in kind.Watch(resourceVersion, timeoutSeconds, error =>
        {
            if (KubernetesErrors.IsGone(error))
            {
                gone = true;
            }
            else
            {
                streamError = error.Message;
            }
        }, token).ConfigureAwait(false))
        {
            events++;
            if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
            {
                writer.TryWrite(new ReadinessMessage.Changed(type, item));
            }

            if (gone)
            {
                break;
            }
        }

        return (events, gone ? "410 Gone" : streamError ?? "stream closed");
    }

    private bool EndedQuickly(DateTimeOffset started) => time.GetUtcNow() - started < QuickEnd;

    /// <summary>Waits <paramref name="delay"/>; false when the wait is over (cancelled) instead.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, time, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
