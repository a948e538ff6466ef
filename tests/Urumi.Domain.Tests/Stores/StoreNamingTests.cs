using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Stores;

public sealed class StoreNamingTests
{
    private static readonly StoreNaming Naming = new(StoreName.Parse("shop1"), "shops.example.com");

    [Fact]
    public void Names_ForAStore_DeriveNamespaceReleaseHostAndSecret()
    {
        Assert.Equal("store-shop1", Naming.Namespace);
        Assert.Equal("shop1", Naming.Release);
        Assert.Equal("shop1.shops.example.com", Naming.Host);
        Assert.Equal("shop1-credentials", Naming.CredentialsSecret);
        Assert.Equal("provision-shop1", Naming.ProvisionInstanceId);
        Assert.Equal("delete-shop1", Naming.DeleteInstanceId);
    }

    [Fact]
    public void Names_LongestAllowedStore_StayWithinKubernetesLimits()
    {
        var longest = new StoreNaming(StoreName.Parse(new string('s', StoreName.MaxLength)), "localhost");

        Assert.True(longest.Namespace.Length <= 63);
        Assert.True(longest.Release.Length <= 53);
        Assert.True((longest.Release + "-wordpress-7d9f8c6b5d-x2x4z").Length <= 63);
        Assert.True(longest.CredentialsSecret.Length <= 63);
    }

    [Fact]
    public void NamespaceLabels_ForAStore_MarkManagedByUrumiWithPodSecurity()
    {
        var labels = Naming.NamespaceLabels("woocommerce", "small");

        Assert.Equal("urumi", labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("shop1", labels["urumi.io/store"]);
        Assert.Equal("shop1", labels["app.kubernetes.io/instance"]);
        Assert.Equal("woocommerce", labels["urumi.io/engine"]);
        Assert.Equal("small", labels["urumi.io/plan"]);
        Assert.Equal("baseline", labels["pod-security.kubernetes.io/enforce"]);
        Assert.All(labels.Values, v => Assert.True(v.Length <= 63));
    }

    [Fact]
    public void CommonLabels_ForAStore_LeaveManagedByToHelm()
    {
        Assert.DoesNotContain("app.kubernetes.io/managed-by", Naming.CommonLabels("woocommerce", "small").Keys);
    }

    [Fact]
    public void NamespaceAnnotations_WithExpiry_CarryOwnerTimesAndOperation()
    {
        var spec = new StoreSpec(StoreName.Parse("shop1"), "woocommerce", "small", "alice",
            new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

        var annotations = Naming.NamespaceAnnotations(spec, "provision-shop1@x");

        Assert.Equal("alice", annotations["urumi.io/owner"]);
        Assert.Equal("2026-11-26T10:00:00.0000000Z", annotations["urumi.io/created-at"]);
        Assert.Equal("2026-11-27T10:00:00.0000000Z", annotations["urumi.io/expires-at"]);
        Assert.Equal("provision-shop1@x", annotations["urumi.io/operation-id"]);
    }

    [Fact]
    public void StoreOfNamespace_OurLabels_ReturnsTheStore()
    {
        var store = StoreNaming.StoreOfNamespace("store-shop1", Naming.NamespaceLabels("woocommerce", "small"));

        Assert.Equal("shop1", store?.Value);
    }

    [Theory]
    [InlineData("store-shop1", null)]
    [InlineData("store-shop1", "app.kubernetes.io/managed-by=Helm,urumi.io/store=shop1")]
    [InlineData("store-other", "app.kubernetes.io/managed-by=urumi,urumi.io/store=shop1")]
    [InlineData("default", "app.kubernetes.io/managed-by=urumi")]
    public void StoreOfNamespace_NotOurs_ReturnsNull(string namespaceName, string? labels)
    {
        var parsed = labels?.Split(',').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);

        Assert.Null(StoreNaming.StoreOfNamespace(namespaceName, parsed));
    }
}
