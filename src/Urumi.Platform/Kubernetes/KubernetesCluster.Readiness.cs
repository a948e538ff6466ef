using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Kubernetes;

public sealed partial class KubernetesCluster
{
    /// <summary>
    /// Lists Deployments, StatefulSets, Jobs and Pods, then watches each kind from its list's
    /// resourceVersion (requests of at most <see cref="KubernetesOptions.WatchTimeout"/>), re-listing
    /// whenever a stream ends, expires (410 Gone) or breaks. Returns when everything is ready, when a
    /// fatal state appears, or at <paramref name="maxWait"/> with the not-ready report.
    /// </summary>
    public async Task<ReadinessReport> WaitForReadyAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var rules = new ReadinessRules(_options.CrashLoopFatalRestarts, _options.UnschedulableFatalAfter);
        var snapshot = new ReadinessSnapshot();
        maxWait = ClampWait(maxWait);
        var deadline = _time.GetUtcNow() + maxWait;
        using var deadlineCts = new CancellationTokenSource(maxWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineCts.Token);
        var token = linked.Token;
        var channel = Channel.CreateUnbounded<ReadinessMessage>(new UnboundedChannelOptions { SingleReader = true });
        var background = new List<Task>();
        var report = new ReadinessReport(false, [], [], null);
        IReadOnlyList<string> withoutPods = [];
        var lastEventCheck = DateTimeOffset.MinValue;

        try
        {
            var client = _client();
            var kinds = WatchedKinds(client, namespaceName);
            var lists = await Task.WhenAll(kinds.Select(kind => ListKindAsync(kind, namespaceName, token))).ConfigureAwait(false);
            for (var i = 0; i < kinds.Count; i++)
            {
                Replace(snapshot, kinds[i].Name, lists[i].Items);
            }

            (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, _time.GetUtcNow());
            if (withoutPods.Count > 0)
            {
                await RefreshFailedCreateEventsAsync(client, namespaceName, snapshot, token).ConfigureAwait(false);
                lastEventCheck = _time.GetUtcNow();
                (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, _time.GetUtcNow());
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
                    case WatchFault fault:
                        throw fault.Exception;
                    case Relisted relisted:
                        Replace(snapshot, relisted.Kind, relisted.Items);
                        break;
                    case Changed changed:
                        Apply(snapshot, changed.Type, changed.Item);
                        break;
                    case Tick when withoutPods.Count > 0 && _time.GetUtcNow() - lastEventCheck >= _options.ReadinessRecheckInterval:
                        await RefreshFailedCreateEventsAsync(client, namespaceName, snapshot, token).ConfigureAwait(false);
                        lastEventCheck = _time.GetUtcNow();
                        break;
                }

                (report, withoutPods) = ReadinessEvaluator.Evaluate(snapshot, rules, _time.GetUtcNow());
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

        (report, _) = ReadinessEvaluator.Evaluate(snapshot, rules, _time.GetUtcNow());
        if (IsFinished(report))
        {
            return Finish(namespaceName, report);
        }

        var summary = report.Summary();
        KubernetesLog.NotReadyYet(_logger, namespaceName, maxWait, summary);
        return report;
    }

    private static bool IsFinished(ReadinessReport report) => report.Ready || report.FatalReason is not null;

    private ReadinessReport Finish(string namespaceName, ReadinessReport report)
    {
        if (report.FatalReason is { } reason)
        {
            KubernetesLog.Fatal(_logger, namespaceName, reason);
        }
        else
        {
            KubernetesLog.Ready(_logger, namespaceName);
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

    private static async Task RefreshFailedCreateEventsAsync(IKubernetes client, string namespaceName, ReadinessSnapshot snapshot, CancellationToken token)
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
            var started = _time.GetUtcNow();
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listVersion) = await kind.List(token).ConfigureAwait(false);
                    writer.TryWrite(new Relisted(kind.Name, items));
                    resourceVersion = listVersion ?? "";
                }

                var remaining = deadline - _time.GetUtcNow();
                var timeoutSeconds = (int)Math.Ceiling(Math.Clamp(remaining.TotalSeconds, 1, Math.Max(1, _options.WatchTimeout.TotalSeconds)));
                var gone = false;
                string? streamError = null;
                started = _time.GetUtcNow();
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
                        writer.TryWrite(new Changed(type, item));
                    }

                    if (gone)
                    {
                        break;
                    }
                }

                KubernetesLog.WatchEnded(_logger, kind.Name, namespaceName, gone ? "410 Gone" : streamError ?? "stream closed");
                resourceVersion = null;

                // A stream that closes at once with nothing in it must not turn into a tight re-list loop.
                failures = events == 0 && _time.GetUtcNow() - started < TimeSpan.FromSeconds(1) ? failures + 1 : 0;
                if (failures > 1)
                {
                    await Task.Delay(Backoff(failures), _time, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (KubernetesErrors.IsGone(ex))
            {
                KubernetesLog.WatchEnded(_logger, kind.Name, namespaceName, "410 Gone");
                resourceVersion = null;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
            {
                // KubernetesClient throws this when a watch stream ends before its first line: the
                // server's timeoutSeconds in a quiet namespace. A normal end, not a failure.
                KubernetesLog.WatchEnded(_logger, kind.Name, namespaceName, "stream closed without events");
                resourceVersion = null;
                failures = _time.GetUtcNow() - started < TimeSpan.FromSeconds(1) ? failures + 1 : 0;
                if (failures > 1)
                {
                    try
                    {
                        await Task.Delay(Backoff(failures), _time, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex)
            {
                var mapped = KubernetesErrors.Map(ex, $"watch {kind.Name} in {namespaceName}", token) ?? ex;
                if (mapped is not TransientException)
                {
                    writer.TryWrite(new WatchFault(mapped));
                    return;
                }

                failures++;
                var delay = Backoff(failures);
                KubernetesLog.WatchFailed(_logger, ex, kind.Name, namespaceName, delay);
                resourceVersion = null;
                try
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10))));

    private async Task TickAsync(ChannelWriter<ReadinessMessage> writer, CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.ReadinessRecheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                writer.TryWrite(Tick.Instance);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static void Replace(ReadinessSnapshot snapshot, string kind, IList<object> items)
    {
        switch (kind)
        {
            case PodsKind: snapshot.Pods.Clear(); break;
            case DeploymentsKind: snapshot.Deployments.Clear(); break;
            case StatefulSetsKind: snapshot.StatefulSets.Clear(); break;
            case JobsKind: snapshot.Jobs.Clear(); break;
        }

        foreach (var item in items)
        {
            Apply(snapshot, WatchEventType.Added, item);
        }
    }

    private static void Apply(ReadinessSnapshot snapshot, WatchEventType type, object item)
    {
        var deleted = type is WatchEventType.Deleted;
        switch (item)
        {
            case V1Pod pod: Put(snapshot.Pods, pod.Name(), pod, deleted); break;
            case V1Deployment deployment: Put(snapshot.Deployments, deployment.Name(), deployment, deleted); break;
            case V1StatefulSet statefulSet: Put(snapshot.StatefulSets, statefulSet.Name(), statefulSet, deleted); break;
            case V1Job job: Put(snapshot.Jobs, job.Name(), job, deleted); break;
        }
    }

    private static void Put<T>(Dictionary<string, T> items, string? name, T item, bool deleted)
    {
        if (name is null)
        {
            return;
        }

        if (deleted)
        {
            items.Remove(name);
        }
        else
        {
            items[name] = item;
        }
    }

    private const string PodsKind = "pods";
    private const string DeploymentsKind = "deployments";
    private const string StatefulSetsKind = "statefulsets";
    private const string JobsKind = "jobs";

    private static List<WatchedKind> WatchedKinds(IKubernetes client, string ns) =>
    [
        Kind<V1Pod, V1PodList>(
            PodsKind,
            ct => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Kind<V1Deployment, V1DeploymentList>(
            DeploymentsKind,
            ct => client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Kind<V1StatefulSet, V1StatefulSetList>(
            StatefulSetsKind,
            ct => client.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Kind<V1Job, V1JobList>(
            JobsKind,
            ct => client.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.BatchV1.WatchListNamespacedJobAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
    ];

    private static WatchedKind Kind<T, TList>(
        string name,
        Func<CancellationToken, Task<TList>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : class
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        async Task<(IList<object>, string?)> List(CancellationToken ct)
        {
            var body = await list(ct).ConfigureAwait(false);
            return ((body.Items ?? []).Cast<object>().ToList(), body.Metadata?.ResourceVersion);
        }

        async IAsyncEnumerable<(WatchEventType, object)> Watch(string resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var (type, item) in watch(resourceVersion, timeoutSeconds, onError, ct).ConfigureAwait(false))
            {
                if (item is not null)
                {
                    yield return (type, item);
                }
            }
        }

        return new WatchedKind(name, List, Watch);
    }

    private sealed record WatchedKind(
        string Name,
        Func<CancellationToken, Task<(IList<object> Items, string? ResourceVersion)>> List,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, object Item)>> Watch);

    private abstract record ReadinessMessage;

    private sealed record Relisted(string Kind, IList<object> Items) : ReadinessMessage;

    private sealed record Changed(WatchEventType Type, object Item) : ReadinessMessage;

    private sealed record WatchFault(Exception Exception) : ReadinessMessage;

    private sealed record Tick : ReadinessMessage
    {
        public static readonly Tick Instance = new();
    }
}
