using k8s.Models;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesClusterNamespaceTests : KubernetesTestBase
{
    private static readonly StoreNaming Naming = new(StoreName.Parse("shop1"), "shops.example");

    private static NamespaceSpec Spec(string plan = "small", string operation = "op-1")
    {
        var labels = Naming.NamespaceLabels("woocommerce", plan);
        var annotations = new Dictionary<string, string>
        {
            [StoreNaming.AnnotationOwner] = "alice",
            [StoreNaming.AnnotationOperation] = operation,
            [StoreNaming.AnnotationHost] = Naming.Host,
        };
        return new NamespaceSpec(Naming.Namespace, labels, annotations);
    }

    private static V1Namespace Namespace(string name, IReadOnlyDictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null) => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels is null ? null : new Dictionary<string, string>(labels), Annotations = annotations },
    };

    private V1Namespace? ReadNamespace(string name) => Get<V1Namespace>(ResourceCatalog.Namespaces, null, name);

    [Fact]
    public async Task PrepareNamespaceAsync_NewNamespace_CreatesItWithLabelsAndAnnotations()
    {
        var cluster = CreateCluster();

        await cluster.PrepareNamespaceAsync(Spec(), CancellationToken.None);

        var ns = ReadNamespace(Ns);
        Assert.NotNull(ns);
        Assert.Equal(StoreNaming.ManagedByValue, ns.Metadata.Labels[StoreNaming.LabelManagedBy]);
        Assert.Equal("baseline", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("alice", ns.Metadata.Annotations[StoreNaming.AnnotationOwner]);
        Assert.Equal("Active", ns.Status.Phase);
    }

    [Fact]
    public async Task PrepareNamespaceAsync_CalledAgain_MergesAndKeepsForeignLabels()
    {
        var cluster = CreateCluster();
        await cluster.PrepareNamespaceAsync(Spec(plan: "small", operation: "op-1"), CancellationToken.None);
        Sim.Store.Update(ResourceCatalog.Namespaces, null, Ns, n => n.Obj("metadata", "labels")["team.example/cost-center"] = "42", fieldManager: "kubectl");

        await cluster.PrepareNamespaceAsync(Spec(plan: "large", operation: "op-2"), CancellationToken.None);

        var after = ReadNamespace(Ns)!;
        Assert.Equal("42", after.Metadata.Labels["team.example/cost-center"]);
        Assert.Equal("large", after.Metadata.Labels[StoreNaming.LabelPlan]);
        Assert.Equal("op-2", after.Metadata.Annotations[StoreNaming.AnnotationOperation]);
    }

    [Fact]
    public async Task PrepareNamespaceAsync_NamespaceTerminating_ThrowsTransient()
    {
        var cluster = CreateCluster();
        using var block = await StartTerminatingAsync(Ns);

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.PrepareNamespaceAsync(Spec(), CancellationToken.None));

        Assert.Contains("still being deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPhaseAsync_WithError_WritesPhaseAndTruncatedError()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);

        await cluster.SetPhaseAsync(Ns, StoreStatus.Failed, new string('x', 5000), CancellationToken.None);

        var annotations = ReadNamespace(Ns)!.Metadata.Annotations;
        Assert.Equal("Failed", annotations[StoreNaming.AnnotationPhase]);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(annotations[StoreNaming.AnnotationLastError]) <= 1024);
    }

    [Fact]
    public async Task SetPhaseAsync_NullError_RemovesLastError()
    {
        var cluster = CreateCluster();
        Seed(Namespace(Ns, annotations: new() { [StoreNaming.AnnotationLastError] = "old failure", ["keep"] = "me" }));

        await cluster.SetPhaseAsync(Ns, StoreStatus.Ready, null, CancellationToken.None);

        var annotations = ReadNamespace(Ns)!.Metadata.Annotations;
        Assert.False(annotations.ContainsKey(StoreNaming.AnnotationLastError));
        Assert.Equal("Ready", annotations[StoreNaming.AnnotationPhase]);
        Assert.Equal("me", annotations["keep"]);
    }

    [Fact]
    public async Task DeleteNamespaceAsync_Missing_Succeeds()
    {
        var cluster = CreateCluster();

        await cluster.DeleteNamespaceAsync("store-nothing", CancellationToken.None);

        Assert.Equal(1, Requests.Count("DELETE", "/namespaces/store-nothing", watch: false));
    }

    [Fact]
    public async Task DeleteNamespaceAsync_Existing_NamespaceStartsTerminating()
    {
        var cluster = CreateCluster();
        using var block = Sim.Faults.Add(new FaultRule { Kind = FaultKind.BlockNamespaceDeletion, Namespace = Ns });
        Sim.CreateNamespace(Ns);
        await Eventually.TrueAsync(() => ReadNamespace(Ns)?.Metadata.Finalizers?.Contains(BlockingFinalizer) == true, "blocking finalizer");

        await cluster.DeleteNamespaceAsync(Ns, CancellationToken.None);

        var ns = ReadNamespace(Ns)!;
        Assert.NotNull(ns.Metadata.DeletionTimestamp);
        Assert.Equal("Terminating", ns.Status.Phase);
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_AfterDelete_ReportsGone()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, "shop1-wordpress"));
        await Eventually.TrueAsync(() => Sim.Store.List(ResourceCatalog.Pods, Ns).Count > 0, "a pod in " + Ns);
        await cluster.DeleteNamespaceAsync(Ns, CancellationToken.None);

        var report = await cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(report.Gone);
        Assert.Empty(report.RemainingObjects);
        Assert.False(Sim.Store.NamespaceExists(Ns));
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_StuckOnObjectFinalizer_NamesObjectAndFinalizer()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.PersistentVolumeClaim(Ns, "data-shop1-mariadb-0", "kubernetes.io/pvc-protection"));
        await cluster.DeleteNamespaceAsync(Ns, CancellationToken.None);

        var report = await cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.False(report.Gone);
        Assert.Contains("persistentvolumeclaim/data-shop1-mariadb-0 (finalizer kubernetes.io/pvc-protection, deleting)", report.RemainingObjects);
        Assert.Contains($"namespace {Ns} spec.finalizers: kubernetes", report.BlockingFinalizers);
        Assert.Contains(report.BlockingFinalizers, f => f.StartsWith("NamespaceContentRemaining:", StringComparison.Ordinal));
        Assert.NotNull(Get<V1PersistentVolumeClaim>(ResourceCatalog.PersistentVolumeClaims, Ns, "data-shop1-mariadb-0")!.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_BlockedByNamespaceFinalizer_NamesFinalizerAndCondition()
    {
        var cluster = CreateCluster();
        using var block = await StartTerminatingAsync(Ns);

        var report = await cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.False(report.Gone);
        Assert.Contains($"namespace {Ns} metadata.finalizers: {BlockingFinalizer}", report.BlockingFinalizers);
        Assert.Contains(report.BlockingFinalizers, f => f.StartsWith("NamespaceFinalizersRemaining:", StringComparison.Ordinal) && f.Contains(BlockingFinalizer, StringComparison.Ordinal));
        Assert.Empty(report.RemainingObjects);
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_BlockLiftedWhileWaiting_ReportsGone()
    {
        var cluster = CreateCluster();
        using var block = await StartTerminatingAsync(Ns);

        var waiting = cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None);
        await Eventually.TrueAsync(() => Requests.Count("GET", "/namespaces/" + Ns, watch: false) >= 2, "the adapter polling the namespace");
        block.Dispose();
        var report = await waiting;

        Assert.True(report.Gone);
        Assert.False(Sim.Store.NamespaceExists(Ns));
    }

    [Fact]
    public async Task ListStoresAsync_MixedNamespaces_ReturnsOnlyManagedStoresWithParsedAnnotations()
    {
        var cluster = CreateCluster();
        Seed(Namespace(Naming.Namespace, Naming.NamespaceLabels("woocommerce", "small"), new()
        {
            [StoreNaming.AnnotationOwner] = "alice",
            [StoreNaming.AnnotationPhase] = "Ready",
            [StoreNaming.AnnotationCreatedAt] = "2026-01-02T03:04:05.0000000Z",
            [StoreNaming.AnnotationExpiresAt] = "2026-01-03T03:04:05.0000000Z",
            [StoreNaming.AnnotationHost] = Naming.Host,
        }));
        Seed(Namespace("store-fake", new Dictionary<string, string> { [StoreNaming.LabelManagedBy] = StoreNaming.ManagedByValue }));
        Sim.CreateNamespace("store-unlabelled");

        var stores = await cluster.ListStoresAsync(CancellationToken.None);

        var store = Assert.Single(stores);
        Assert.Equal("shop1", store.Name.Value);
        Assert.Equal("woocommerce", store.Engine);
        Assert.Equal("small", store.Plan);
        Assert.Equal("alice", store.Owner);
        Assert.Equal(StoreStatus.Ready, store.Phase);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), store.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 3, 4, 5, TimeSpan.Zero), store.ExpiresAt);
        Assert.Equal("shop1.shops.example", store.Host);
        Assert.False(store.Terminating);
    }

    [Fact]
    public async Task GetStoreAsync_TerminatingNamespace_ReportsTerminating()
    {
        var cluster = CreateCluster();
        Seed(Namespace(Naming.Namespace, Naming.NamespaceLabels("woocommerce", "small")));
        using var block = await StartTerminatingAsync(Naming.Namespace);

        var store = await cluster.GetStoreAsync(Naming.Store, CancellationToken.None);

        Assert.NotNull(store);
        Assert.True(store.Terminating);
        Assert.Null(store.Phase);
    }

    [Fact]
    public async Task GetStoreAsync_Missing_ReturnsNull()
    {
        var cluster = CreateCluster();

        var store = await cluster.GetStoreAsync(StoreName.Parse("nope1"), CancellationToken.None);

        Assert.Null(store);
    }
}
