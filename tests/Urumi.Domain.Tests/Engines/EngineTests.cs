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
        var error = Assert.Throws<DomainValidationException>(() => new WooCommerceEngine().FindPlan("huge"));

        Assert.Equal("plan", error.Field);
        Assert.Contains("small, medium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_MediumPlan_MapsResourcesHostAndSecretName()
    {
        var naming = new StoreNaming(Spec.Name, "localhost");

        var values = new WooCommerceEngine().Values(Spec, naming, WooCommerceEngine.Medium);

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

        var json = System.Text.Json.JsonSerializer.Serialize(new WooCommerceEngine().Values(Spec, naming, WooCommerceEngine.Small));

        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Find_Medusa_IsTheMedusaChartWithItsOwnProbeAndAdmin()
    {
        var engine = EngineCatalog.Find("medusa");

        Assert.IsType<MedusaEngine>(engine);
        Assert.Equal("urumi-medusa", engine.Chart);
        Assert.Equal("medusa", engine.Checks.Engine);
        Assert.Equal("app/", engine.AdminPath);
    }

    [Fact]
    public void All_EveryEngine_HasDistinctIdsAndChartsAndChecksNamingItself()
    {
        Assert.Equal(EngineCatalog.All.Count, EngineCatalog.All.Select(e => e.Id).Distinct().Count());
        Assert.Equal(EngineCatalog.All.Count, EngineCatalog.All.Select(e => e.Chart).Distinct().Count());
        Assert.All(EngineCatalog.All, e => Assert.Equal(e.Id, e.Checks.Engine));
        Assert.All(EngineCatalog.All, e => Assert.NotEmpty(e.Plans));
    }

    [Fact]
    public void FindPlan_SameIdOnTwoEngines_ReturnsEachEnginesOwnPlan()
    {
        var woo = new WooCommerceEngine().FindPlan("medium");
        var medusa = new MedusaEngine().FindPlan("medium");

        Assert.NotEqual(woo, medusa);
        Assert.Same(MedusaEngine.Medium, medusa);
        Assert.Null(medusa.ContentStorage);
    }

    [Fact]
    public void Values_MedusaMediumPlan_MapsServerAndPostgresqlResourcesAndSecretName()
    {
        var spec = Spec with { Engine = "medusa" };
        var naming = new StoreNaming(spec.Name, "localhost");

        var values = new MedusaEngine().Values(spec, naming, MedusaEngine.Medium);

        var store = (IReadOnlyDictionary<string, object?>)values["store"]!;
        Assert.Equal("medusa", store["engine"]);
        Assert.Equal("shop1-credentials", values["existingSecret"]);
        var json = System.Text.Json.JsonSerializer.Serialize(values);
        Assert.Contains("\"medusa\":{\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"postgresql\":{\"resources\"", json, StringComparison.Ordinal);
        Assert.Contains("\"size\":\"10Gi\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("wordpress", json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("woocommerce", "http://shop1.localhost/wp-admin/")]
    [InlineData("medusa", "http://shop1.localhost/app/")]
    public void AdminUrl_Engine_PointsAtThatEnginesAdmin(string engine, string expected)
    {
        Assert.Equal(new Uri(expected), new StoreNaming(Spec.Name, "localhost").AdminUrl(engine));
    }

    [Fact]
    public void AdminUrl_UnknownEngine_IsNull()
    {
        Assert.Null(new StoreNaming(Spec.Name, "localhost").AdminUrl("magento"));
    }
}
