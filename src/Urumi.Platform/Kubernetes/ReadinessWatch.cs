using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// One readiness wait: lists Deployments, StatefulSets, Jobs and Pods, then watches each kind from its list's
/// resourceVersion through a <see cref="WatchLoop"/> (re-listing whenever a stream ends, expires or breaks).
/// One reader applies the events and re-evaluates with <see cref="ReadinessEvaluator"/>.
/// </summary>
internal sealed class ReadinessWatch(IKubernetes client, KubernetesOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>
    /// Returns when everything in <paramref name="namespaceName"/> is ready, when a fatal state appears, or
    /// at <paramref name="maxWait"/> with the not-ready report.
    /// </summary>
    public async Task<ReadinessReport> WaitAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var loop = new WatchLoop(options, logger, time);
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
                background.Add(loop.RunAsync(kinds[i], namespaceName, lists[i].ResourceVersion, deadline, channel.Writer, token));
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
