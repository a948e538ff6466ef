using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Engines;

public sealed class EngineTests
{
    private static readonly StoreSpec Spec = new(StoreName.Parse("shop1"), "woocommerce", "medium", "alice", DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void Find_UnknownEngine_ThrowsListingTheKnownOnes()
    {
        var error = Assert.Throws<DomainValidationException>(() => EngineCatalog.Find("magento"));

        Assert.Equal("engine", error.Field);
        Assert.Contains("woocommerce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindPlan_UnknownPlan_ThrowsListingTheKnownOnes()
    {
        var error = Assert.Throws<DomainValidationException>(() => StorePlan.Find("huge"));

        Assert.Equal("plan", error.Field);
        Assert.Contains("small, medium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_MediumPlan_MapsResourcesHostAndSecretName()
    {
        var naming = new StoreNaming(Spec.Name, "localhost");

        var values = new WooCommerceEngine().Values(Spec, naming, StorePlan.Medium);

        var store = (IReadOnlyDictionary<string, object?>)values["store"]!;
        Assert.Equal("shop1.localhost", store["host"]);
        Assert.Equal("shop1-credentials", values["existingSecret"]);
        var json = System.Text.Json.JsonSerializer.Serialize(values);
        Assert.Contains("\"size\":\"10Gi\"", json, StringComparison.Ordinal);
        Assert.Contains("\"memory\":\"1Gi\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_AnyPlan_NeverCarryAPasswordKey()
    {
        var naming = new StoreNaming(Spec.Name, "localhost");

        var json = System.Text.Json.JsonSerializer.Serialize(new WooCommerceEngine().Values(Spec, naming, StorePlan.Small));

        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
    }
}
