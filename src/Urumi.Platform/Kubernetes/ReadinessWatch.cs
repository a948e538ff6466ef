using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// One readiness wait: lists Deployments, StatefulSets, Jobs and Pods, then watches each kind from its list's
/// resourceVersion (requests of at most <see cref="KubernetesOptions.WatchTimeout"/>), re-listing whenever a
/// stream ends, expires (410 Gone) or breaks. One reader applies the events and re-evaluates with
/// <see cref="ReadinessEvaluator"/>.
/// </summary>
internal sealed class ReadinessWatch(IKubernetes client, KubernetesOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>A stream that ends this soon after it started, with nothing in it, counts as a failure.</summary>
    private static readonly TimeSpan QuickEnd = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns when everything in <paramref name="namespaceName"/> is ready, when a fatal state appears, or
    /// at <paramref name="maxWait"/> with the not-ready report.
    /// </summary>
    public async Task<ReadinessReport> WaitAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var rules = new ReadinessRules(options.CrashLoopFatalRestarts, options.UnschedulableFatalAfter);
        var snapshot = new ReadinessSnapshot();
        var deadline = time.GetUtcNow() + maxWait;
        using var deadlineCts = new CancellationTokenSource(maxWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineCts.Token);
        var token = linked.Token;
        var channel = Channel.CreateUnbounded<ReadinessMessage>(new UnboundedChannelOptions { SingleReader = true });
        var background = new List<Task>();
        ReadinessReport report;
        IReadOnlyList<string> withoutPods;
        var lastEventCheck = DateTimeOffset.MinValue;

        try
        {
            var kinds = WatchedKind.All(client, namespaceName);
            var lists = await Task.WhenAll(kinds.Select(kind => ListKindAsync(kind, namespaceName, token))).ConfigureAwait(false);
            for (var i = 0; i < kinds.Count; i++)
            {
                WatchedKind.Replace(snapshot, kinds[i].Name, lists[i].Items);
            }

            (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, time.GetUtcNow());
            if (withoutPods.Count > 0)
            {
                await RefreshFailedCreateEventsAsync(namespaceName, snapshot, token).ConfigureAwait(false);
                lastEventCheck = time.GetUtcNow();
                (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, time.GetUtcNow());
            }

            if (IsFinished(report))
            {
                return Finish(namespaceName, report);
            }

            for (var i = 0; i < kinds.Count; i++)
            {
                background.Add(WatchLoopAsync(kinds[i], namespaceName, lists[i].ResourceVersion, deadline, channel.Writer, token));
            }

            background.Add(TickAsync(channel.Writer, token));

            await foreach (var message in channel.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                switch (message)
                {
                    case ReadinessMessage.Fault fault:
                        throw fault.Exception;
                    case ReadinessMessage.Relisted relisted:
                        WatchedKind.Replace(snapshot, relisted.Kind, relisted.Items);
                        break;
                    case ReadinessMessage.Changed changed:
                        WatchedKind.Apply(snapshot, changed.Type, changed.Item);
                        break;
                    case ReadinessMessage.Tick when withoutPods.Count > 0 && time.GetUtcNow() - lastEventCheck >= options.ReadinessRecheckInterval:
                        await RefreshFailedCreateEventsAsync(namespaceName, snapshot, token).ConfigureAwait(false);
                        lastEventCheck = time.GetUtcNow();
                        break;
                }

                (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, time.GetUtcNow());
                if (IsFinished(report))
                {
                    return Finish(namespaceName, report);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadlineCts.IsCancellationRequested)
        {
            // maxWait reached: answer with what is known
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(background).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        (report, _) = ReadinessEvaluator.Evaluate(snapshot, rules, time.GetUtcNow());
        if (IsFinished(report))
        {
            return Finish(namespaceName, report);
        }

        var summary = report.Summary();
        KubernetesLog.NotReadyYet(logger, namespaceName, maxWait, summary);
        return report;
    }

    private static bool IsFinished(ReadinessReport report) => report.Ready || report.FatalReason is not null;

    private ReadinessReport Finish(string namespaceName, ReadinessReport report)
    {
        if (report.FatalReason is { } reason)
        {
            KubernetesLog.Fatal(logger, namespaceName, reason);
        }
        else
        {
            KubernetesLog.Ready(logger, namespaceName);
        }

        return report;
    }

    private static async Task<(IList<object> Items, string? ResourceVersion)> ListKindAsync(WatchedKind kind, string namespaceName, CancellationToken token)
    {
        try
        {
            return await kind.List(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesErrors.Map(ex, $"list {kind.Name} in {namespaceName}", token) is { } mapped && !ReferenceEquals(mapped, ex))
        {
            throw mapped;
        }
    }

    private async Task RefreshFailedCreateEventsAsync(string namespaceName, ReadinessSnapshot snapshot, CancellationToken token)
    {
        try
        {
            var events = await client.CoreV1.ListNamespacedEventAsync(namespaceName, fieldSelector: "reason=FailedCreate", cancellationToken: token).ConfigureAwait(false);
            snapshot.FailedCreateEvents.Clear();
            snapshot.FailedCreateEvents.AddRange(events.Items ?? []);
        }
        catch (Exception ex) when (KubernetesErrors.Map(ex, $"list FailedCreate events in {namespaceName}", token) is TransientException)
        {
            // the next tick asks again
        }
        catch (Exception ex) when (KubernetesErrors.Map(ex, $"list FailedCreate events in {namespaceName}", token) is PermanentException mapped && !ReferenceEquals(mapped, ex))
        {
            throw mapped;
        }
    }

    /// <summary>One kind's list → watch → re-list cycle, feeding the single reader through <paramref name="writer"/>.</summary>
    private async Task WatchLoopAsync(WatchedKind kind, string namespaceName, string? resourceVersion, DateTimeOffset deadline, ChannelWriter<ReadinessMessage> writer, CancellationToken token)
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

                var remaining = deadline - time.GetUtcNow();
                var timeoutSeconds = (int)Math.Ceiling(Math.Clamp(remaining.TotalSeconds, 1, Math.Max(1, options.WatchTimeout.TotalSeconds)));
                started = time.GetUtcNow();
                var (events, why) = await WatchOnceAsync(kind, resourceVersion, timeoutSeconds, writer, token).ConfigureAwait(false);
                KubernetesLog.WatchEnded(logger, kind.Name, namespaceName, why);
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
                KubernetesLog.WatchEnded(logger, kind.Name, namespaceName, "410 Gone");
                resourceVersion = null;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
            {
                // KubernetesClient throws this when a watch stream ends before its first line: the
                // server's timeoutSeconds in a quiet namespace. A normal end, not a failure.
                KubernetesLog.WatchEnded(logger, kind.Name, namespaceName, "stream closed without events");
                resourceVersion = null;
                failures = EndedQuickly(started) ? failures + 1 : 0;
                pause = failures > 1 ? KubernetesBackoff.Delay(failures) : null;
            }
            catch (Exception ex)
            {
                var mapped = KubernetesErrors.Map(ex, $"watch {kind.Name} in {namespaceName}", token) ?? ex;
                if (mapped is not TransientException)
                {
                    writer.TryWrite(new ReadinessMessage.Fault(mapped));
                    return;
                }

                failures++;
                pause = KubernetesBackoff.Delay(failures);
                KubernetesLog.WatchFailed(logger, ex, kind.Name, namespaceName, pause.Value);
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

    private async Task TickAsync(ChannelWriter<ReadinessMessage> writer, CancellationToken token)
    {
        using var timer = new PeriodicTimer(options.ReadinessRecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                writer.TryWrite(ReadinessMessage.Tick.Instance);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
