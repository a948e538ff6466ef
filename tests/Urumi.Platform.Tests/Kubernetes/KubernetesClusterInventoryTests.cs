using k8s.Models;
using Urumi.ClusterSim.Api;
using Urumi.Domain.Stores;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>What the cleanup reads: every namespace with its labels, and when a store entered its phase.</summary>
public sealed class KubernetesClusterInventoryTests : KubernetesTestBase
{
    private static readonly IDictionary<string, string> StoreLabels =
        new Dictionary<string, string>(new StoreNaming(StoreName.Parse("shop1"), "shops.example").NamespaceLabels("woocommerce", "small"));

    [Fact]
    public async Task ListNamespacesAsync_ManagedAndForeign_ListsBothWithLabels()
    {
        SeedNamespace(Ns, StoreLabels);

        var namespaces = await CreateCluster().ListNamespacesAsync(CancellationToken.None);

        Assert.Contains(namespaces, n => n.Name == "kube-system");
        Assert.Equal(StoreNaming.ManagedByValue, namespaces.Single(n => n.Name == Ns).Labels[StoreNaming.LabelManagedBy]);
        Assert.DoesNotContain(StoreNaming.LabelManagedBy, namespaces.Single(n => n.Name == "kube-system").Labels.Keys);
    }

    [Fact]
    public async Task ListNamespacesAsync_Terminating_ReportsSince()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var block = await StartTerminatingAsync(Ns);

        var ns = (await CreateCluster().ListNamespacesAsync(CancellationToken.None)).Single(n => n.Name == Ns);

        Assert.True(ns.Terminating);
        Assert.InRange(ns.DeletingSince!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task SetPhaseAsync_Failed_RecordsWhenThePhaseBegan()
    {
        SeedNamespace(Ns, StoreLabels);
        var cluster = CreateCluster();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await cluster.SetPhaseAsync(Ns, StoreStatus.Failed, "boom", CancellationToken.None);

        var store = await cluster.GetStoreAsync(StoreName.Parse("shop1"), CancellationToken.None);
        Assert.Equal(StoreStatus.Failed, store!.Phase);
        Assert.InRange(store.PhaseSince!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.NotNull(Get<V1Namespace>(ResourceCatalog.Namespaces, null, Ns)!.Metadata.Annotations[StoreNaming.AnnotationPhaseSince]);
    }

    private void SeedNamespace(string name, IDictionary<string, string> labels) =>
        Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
}
