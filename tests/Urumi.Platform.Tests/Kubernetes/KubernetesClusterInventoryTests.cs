using k8s.Models;
using Urumi.Domain.Stores;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>What the cleanup reads: every namespace with its labels, and when a store entered its phase.</summary>
public sealed class KubernetesClusterInventoryTests : KubernetesTestBase
{
    [Fact]
    public async Task ListNamespacesAsync_ManagedAndForeign_ListsBothWithLabels()
    {
        var labels = new StoreNaming(StoreName.Parse("shop1"), "shops.example").NamespaceLabels("woocommerce", "small");
        Api.Put(Namespace(Ns, new Dictionary<string, string>(labels)));
        Api.Put(Namespace("kube-system"));

        var namespaces = await CreateCluster().ListNamespacesAsync(CancellationToken.None);

        Assert.Equal(["kube-system", Ns], namespaces.Select(n => n.Name));
        Assert.Equal(StoreNaming.ManagedByValue, namespaces.Single(n => n.Name == Ns).Labels[StoreNaming.LabelManagedBy]);
        Assert.Empty(namespaces.Single(n => n.Name == "kube-system").Labels);
    }

    [Fact]
    public async Task ListNamespacesAsync_Terminating_ReportsSince()
    {
        var terminating = Namespace(Ns, phase: "Terminating");
        var since = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
        terminating.Metadata.DeletionTimestamp = since;
        Api.Put(terminating);

        var ns = Assert.Single(await CreateCluster().ListNamespacesAsync(CancellationToken.None));

        Assert.True(ns.Terminating);
        Assert.Equal(new DateTimeOffset(since), ns.DeletingSince);
    }

    [Fact]
    public async Task SetPhaseAsync_Failed_RecordsWhenThePhaseBegan()
    {
        var labels = new StoreNaming(StoreName.Parse("shop1"), "shops.example").NamespaceLabels("woocommerce", "small");
        Api.Put(Namespace(Ns, new Dictionary<string, string>(labels)));
        var cluster = CreateCluster();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await cluster.SetPhaseAsync(Ns, StoreStatus.Failed, "boom", CancellationToken.None);

        var store = await cluster.GetStoreAsync(StoreName.Parse("shop1"), CancellationToken.None);
        Assert.Equal(StoreStatus.Failed, store!.Phase);
        Assert.InRange(store.PhaseSince!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.NotNull(Api.Get<V1Namespace>(null, Ns)!.Metadata.Annotations[StoreNaming.AnnotationPhaseSince]);
    }
}
