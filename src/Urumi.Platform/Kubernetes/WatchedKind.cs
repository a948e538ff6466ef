using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// One kind a <see cref="WatchLoop"/> lists and watches: those of a readiness wait (pods, deployments,
/// statefulsets, jobs, and how their objects go into a <see cref="ReadinessSnapshot"/>) and the store namespaces.
/// </summary>
internal sealed record WatchedKind(
    string Name,
    Func<CancellationToken, Task<(IList<object> Items, string? ResourceVersion)>> List,
    Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, object Item)>> Watch)
{
    public const string Pods = "pods";
    public const string Deployments = "deployments";
    public const string StatefulSets = "statefulsets";
    public const string Jobs = "jobs";
    public const string Namespaces = "namespaces";

    /// <summary>The kinds whose readiness decides a store's, in namespace <paramref name="ns"/>.</summary>
    public static List<WatchedKind> All(IKubernetes client, string ns) =>
    [
        Of<V1Pod, V1PodList>(
            Pods,
            ct => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Of<V1Deployment, V1DeploymentList>(
            Deployments,
            ct => client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Of<V1StatefulSet, V1StatefulSetList>(
            StatefulSets,
            ct => client.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListNamespacedStatefulSetAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        Of<V1Job, V1JobList>(
            Jobs,
            ct => client.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.BatchV1.WatchListNamespacedJobAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
    ];

    /// <summary>The namespaces that match <paramref name="labelSelector"/>, cluster-wide (the store cache's kind).</summary>
    public static WatchedKind NamespacesOf(IKubernetes client, string labelSelector) =>
        Of<V1Namespace, V1NamespaceList>(
            Namespaces,
            ct => client.CoreV1.ListNamespaceAsync(labelSelector: labelSelector, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>Replaces the snapshot's objects of kind <paramref name="kind"/> with a fresh list.</summary>
    public static void Replace(ReadinessSnapshot snapshot, string kind, IList<object> items)
    {
        switch (kind)
        {
            case Pods: snapshot.Pods.Clear(); break;
            case Deployments: snapshot.Deployments.Clear(); break;
            case StatefulSets: snapshot.StatefulSets.Clear(); break;
            case Jobs: snapshot.Jobs.Clear(); break;
        }

        foreach (var item in items)
        {
            Apply(snapshot, WatchEventType.Added, item);
        }
    }

    /// <summary>Applies one watch event to the snapshot.</summary>
    public static void Apply(ReadinessSnapshot snapshot, WatchEventType type, object item)
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

    private static WatchedKind Of<T, TList>(
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
}
