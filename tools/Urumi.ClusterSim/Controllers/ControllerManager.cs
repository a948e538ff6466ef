using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Controllers;

/// <summary>
/// The controller loop: every committed write enqueues the objects it affects (the object, its
/// owners, the dependents of a deleted owner, the namespace); one worker reconciles them level-style.
/// Time-based steps (ready delay, bind delay, progress deadline) requeue with a timer, so nothing polls.
/// </summary>
internal sealed partial class ControllerManager : IAsyncDisposable
{
    private readonly ObjectStore store;
    private readonly FaultSet faults;
    private readonly ILogger logger;
    private readonly Channel<WorkItem> queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<WorkItem> pending = [];
    private readonly Lock pendingGate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Kubelet kubelet;
    private readonly ReplicaSetController replicaSets;
    private readonly DeploymentController deployments;
    private readonly StatefulSetController statefulSets;
    private readonly JobController jobs;
    private readonly PvcController claims;
    private readonly NamespaceController namespaces;
    private readonly GarbageCollector garbageCollector;
    private readonly StatusControllers statuses;
    private readonly ApiResource quotas = ResourceCatalog.All.First(r => r.Kind == "ResourceQuota");
    private Task? worker;

    public ControllerManager(ObjectStore store, FaultSet faults, SimulatorOptions options, ILogger logger)
    {
        this.store = store;
        this.faults = faults;
        this.logger = logger;
        var context = new ControllerContext(store, faults, options, EnqueueAfter);
        kubelet = new Kubelet(context);
        replicaSets = new ReplicaSetController(context);
        deployments = new DeploymentController(context);
        statefulSets = new StatefulSetController(context);
        jobs = new JobController(context);
        claims = new PvcController(context);
        namespaces = new NamespaceController(context);
        garbageCollector = new GarbageCollector(context);
        statuses = new StatusControllers(context);
    }

    public void Start()
    {
        store.Committed += OnCommitted;
        faults.Changed += Resync;
        worker = Task.Run(RunAsync);
        Resync();
    }

    public async ValueTask DisposeAsync()
    {
        store.Committed -= OnCommitted;
        faults.Changed -= Resync;
        await stopping.CancelAsync();
        queue.Writer.TryComplete();
        if (worker is not null)
        {
            await worker;
        }

        stopping.Dispose();
    }

    /// <summary>Reconciles every workload, pod and namespace again (after a fault change).</summary>
    public void Resync()
    {
        foreach (var (resource, controller) in new[]
        {
            (ResourceCatalog.Namespaces, "Namespace"), (ResourceCatalog.Pods, "Pod"), (ResourceCatalog.ReplicaSets, "ReplicaSet"),
            (ResourceCatalog.Deployments, "Deployment"), (ResourceCatalog.StatefulSets, "StatefulSet"), (ResourceCatalog.Jobs, "Job"),
        })
        {
            foreach (var obj in store.List(resource))
            {
                Enqueue(new WorkItem(controller, obj.Namespace(), obj.Name()));
            }
        }
    }

    private void OnCommitted(StoreEvent change)
    {
        var obj = change.Current;
        var kind = change.Resource.Group is "" or "apps" or "batch" or "networking.k8s.io" ? change.Resource.Kind : null;
        switch (kind)
        {
            case "Pod":
            case "ReplicaSet":
            case "Deployment":
            case "StatefulSet":
            case "Job":
            case "Namespace":
                Enqueue(new WorkItem(kind, obj.Namespace, obj.Name));
                break;
            case "PersistentVolumeClaim":
                Enqueue(new WorkItem("PVC", obj.Namespace, obj.Name));
                break;
            case "Ingress" when change.Type == "ADDED":
                Enqueue(new WorkItem("Ingress", obj.Namespace, obj.Name));
                break;
            case "ResourceQuota" when change.Type == "ADDED" || !Json.Same(change.Previous?.Node.At("spec"), obj.Node.At("spec")):
                Enqueue(new WorkItem("ResourceQuota", obj.Namespace, obj.Name));
                break;
        }

        // Controllers react to their dependents.
        if (obj.Node.At("metadata", "ownerReferences") is JsonArray owners)
        {
            foreach (var owner in owners.OfType<JsonObject>())
            {
                if (owner.Str("kind") is "ReplicaSet" or "Deployment" or "StatefulSet" or "Job" && owner.Str("name") is { } ownerName)
                {
                    Enqueue(new WorkItem(owner.Str("kind")!, obj.Namespace, ownerName));
                }
            }
        }

        if (change.Type == "DELETED")
        {
            Enqueue(new WorkItem("GC", change.Resource.Namespaced ? obj.Namespace : null, obj.Uid));
            if (obj.Namespace is not null)
            {
                Enqueue(new WorkItem("Namespace", null, obj.Namespace));
            }
        }
    }

    private void Enqueue(WorkItem item)
    {
        lock (pendingGate)
        {
            if (!pending.Add(item))
            {
                return;
            }
        }

        queue.Writer.TryWrite(item);
    }

    private void EnqueueAfter(WorkItem item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Enqueue(item);
            return;
        }

        _ = Task.Delay(delay, stopping.Token).ContinueWith(t =>
        {
            if (!t.IsCanceled)
            {
                Enqueue(item);
            }
        }, TaskScheduler.Default);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stopping.Token))
            {
                lock (pendingGate)
                {
                    pending.Remove(item);
                }

                try
                {
                    Reconcile(item);
                }
                catch (Exception ex) when (ex is ApiException or InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException)
                {
                    LogReconcileFailed(logger, ex, item.Controller, item.Namespace, item.Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Reconcile(WorkItem item)
    {
        switch (item.Controller)
        {
            case "Pod":
                if (store.Find(ResourceCatalog.Pods, item.Namespace, item.Name) is null)
                {
                    return;
                }

                kubelet.Reconcile(item);
                break;
            case "ReplicaSet":
                replicaSets.Reconcile(item);
                break;
            case "Deployment":
                deployments.Reconcile(item);
                break;
            case "StatefulSet":
                statefulSets.Reconcile(item);
                break;
            case "Job":
                jobs.Reconcile(item);
                break;
            case "PVC":
                claims.Reconcile(item);
                break;
            case "Namespace":
                namespaces.Reconcile(item);
                break;
            case "Ingress":
                statuses.ReconcileIngress(item);
                break;
            case "ResourceQuota":
                statuses.ReconcileQuota(item, quotas);
                break;
            case "GC":
                kubelet.Forget(item.Name);
                garbageCollector.Collect(item);
                break;
        }
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "Controller {Controller} failed to reconcile {Namespace}/{Name}")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string controller, string? @namespace, string name);
}
