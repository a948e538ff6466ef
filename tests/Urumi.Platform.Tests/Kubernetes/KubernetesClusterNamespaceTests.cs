using k8s.Models;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesClusterNamespaceTests : KubernetesTestBase
{
    private static NamespaceSpec Spec(string plan = "small", string operation = "op-1")
    {
        var naming = new StoreNaming(StoreName.Parse("shop1"), "shops.example");
        var labels = naming.NamespaceLabels("woocommerce", plan);
        var annotations = new Dictionary<string, string>
        {
            [StoreNaming.AnnotationOwner] = "alice",
            [StoreNaming.AnnotationOperation] = operation,
            [StoreNaming.AnnotationHost] = naming.Host,
        };
        return new NamespaceSpec(naming.Namespace, labels, annotations);
    }

    [Fact]
    public async Task PrepareNamespaceAsync_NewNamespace_CreatesItWithLabelsAndAnnotations()
    {
        var cluster = CreateCluster();

        await cluster.PrepareNamespaceAsync(Spec(), CancellationToken.None);

        var ns = Api.Get<V1Namespace>(null, Ns);
        Assert.NotNull(ns);
        Assert.Equal(StoreNaming.ManagedByValue, ns.Metadata.Labels[StoreNaming.LabelManagedBy]);
        Assert.Equal("baseline", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("alice", ns.Metadata.Annotations[StoreNaming.AnnotationOwner]);
    }

    [Fact]
    public async Task PrepareNamespaceAsync_CalledAgain_MergesAndKeepsForeignLabels()
    {
        var cluster = CreateCluster();
        await cluster.PrepareNamespaceAsync(Spec(plan: "small", operation: "op-1"), CancellationToken.None);
        var ns = Api.Get<V1Namespace>(null, Ns)!;
        ns.Metadata.Labels["team.example/cost-center"] = "42";
        Api.Put(ns);

        await cluster.PrepareNamespaceAsync(Spec(plan: "large", operation: "op-2"), CancellationToken.None);

        var after = Api.Get<V1Namespace>(null, Ns)!;
        Assert.Equal("42", after.Metadata.Labels["team.example/cost-center"]);
        Assert.Equal("large", after.Metadata.Labels[StoreNaming.LabelPlan]);
        Assert.Equal("op-2", after.Metadata.Annotations[StoreNaming.AnnotationOperation]);
    }

    [Fact]
    public async Task PrepareNamespaceAsync_NamespaceTerminating_ThrowsTransient()
    {
        var cluster = CreateCluster();
        var terminating = Namespace(Ns, phase: "Terminating");
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;
        Api.Put(terminating);

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.PrepareNamespaceAsync(Spec(), CancellationToken.None));

        Assert.Contains("still being deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPhaseAsync_WithError_WritesPhaseAndTruncatedError()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));

        await cluster.SetPhaseAsync(Ns, StoreStatus.Failed, new string('x', 5000), CancellationToken.None);

        var annotations = Api.Get<V1Namespace>(null, Ns)!.Metadata.Annotations;
        Assert.Equal("Failed", annotations[StoreNaming.AnnotationPhase]);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(annotations[StoreNaming.AnnotationLastError]) <= 1024);
    }

    [Fact]
    public async Task SetPhaseAsync_NullError_RemovesLastError()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns, annotations: new() { [StoreNaming.AnnotationLastError] = "old failure", ["keep"] = "me" }));

        await cluster.SetPhaseAsync(Ns, StoreStatus.Ready, null, CancellationToken.None);

        var annotations = Api.Get<V1Namespace>(null, Ns)!.Metadata.Annotations;
        Assert.False(annotations.ContainsKey(StoreNaming.AnnotationLastError));
        Assert.Equal("Ready", annotations[StoreNaming.AnnotationPhase]);
        Assert.Equal("me", annotations["keep"]);
    }

    [Fact]
    public async Task DeleteNamespaceAsync_Missing_Succeeds()
    {
        var cluster = CreateCluster();

        await cluster.DeleteNamespaceAsync("store-nothing", CancellationToken.None);

        Assert.Equal(1, Api.CountRequests("DELETE", "/namespaces/store-nothing", watch: false));
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_AfterDelete_ReportsGone()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.Put(ReadyPod("shop1-wordpress-5d8-abc"));
        await cluster.DeleteNamespaceAsync(Ns, CancellationToken.None);

        var report = await cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(report.Gone);
        Assert.Empty(report.RemainingObjects);
    }

    [Fact]
    public async Task WaitForNamespaceGoneAsync_StuckOnFinalizer_NamesObjectAndFinalizer()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.Put(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-shop1-mariadb-0", NamespaceProperty = Ns, Finalizers = ["kubernetes.io/pvc-protection"] },
        });
        await cluster.DeleteNamespaceAsync(Ns, CancellationToken.None);

        var report = await cluster.WaitForNamespaceGoneAsync(Ns, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.False(report.Gone);
        Assert.Contains(report.RemainingObjects, o => o.Contains("persistentvolumeclaim/data-shop1-mariadb-0", StringComparison.Ordinal) && o.Contains("kubernetes.io/pvc-protection", StringComparison.Ordinal));
        Assert.Contains(report.BlockingFinalizers, f => f.StartsWith("NamespaceFinalizersRemaining:", StringComparison.Ordinal));
        Assert.NotNull(Api.Get<V1PersistentVolumeClaim>(Ns, "data-shop1-mariadb-0")!.Metadata.Finalizers);
    }

    [Fact]
    public async Task ListStoresAsync_MixedNamespaces_ReturnsOnlyManagedStoresWithParsedAnnotations()
    {
        var cluster = CreateCluster();
        var naming = new StoreNaming(StoreName.Parse("shop1"), "shops.example");
        var labels = new Dictionary<string, string>(naming.NamespaceLabels("woocommerce", "small"));
        Api.Put(Namespace(naming.Namespace, labels, new()
        {
            [StoreNaming.AnnotationOwner] = "alice",
            [StoreNaming.AnnotationPhase] = "Ready",
            [StoreNaming.AnnotationCreatedAt] = "2026-01-02T03:04:05.0000000Z",
            [StoreNaming.AnnotationExpiresAt] = "2026-01-03T03:04:05.0000000Z",
            [StoreNaming.AnnotationHost] = naming.Host,
        }));
        Api.Put(Namespace("default"));
        Api.Put(Namespace("store-fake", new() { [StoreNaming.LabelManagedBy] = StoreNaming.ManagedByValue }));

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
        var naming = new StoreNaming(StoreName.Parse("shop1"), "shops.example");
        Api.Put(Namespace(naming.Namespace, new(naming.NamespaceLabels("woocommerce", "small")), phase: "Terminating"));

        var store = await cluster.GetStoreAsync(naming.Store, CancellationToken.None);

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
