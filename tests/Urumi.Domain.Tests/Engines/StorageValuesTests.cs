using System.Text.Json;
using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Engines;

public sealed class StorageValuesTests
{
    private static readonly StoreSpec Spec = new(StoreName.Parse("shop1"), MedusaEngine.EngineId, "medium", "alice", DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void KeepCurrent_RunningReleaseHasSmallerDatabase_KeepsItsSizeAndTakesTheNewResources()
    {
        var engine = EngineCatalog.Find(MedusaEngine.EngineId);
        var values = engine.Values(Spec, new StoreNaming(Spec.Name, "shops.test"), engine.FindPlan("medium"));

        var kept = Json(StorageValues.KeepCurrent(values, """{"postgresql":{"persistence":{"size":"2Gi"},"resources":{"requests":{"cpu":"100m"}}}}"""));

        Assert.Equal("2Gi", kept.GetProperty("postgresql").GetProperty("persistence").GetProperty("size").GetString());
        Assert.Equal("250m", kept.GetProperty("postgresql").GetProperty("resources").GetProperty("requests").GetProperty("cpu").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("""{"store":{"plan":"small"}}""")]
    public void KeepCurrent_NoSizeInTheRunningRelease_NewPlansSize(string? current)
    {
        var engine = EngineCatalog.Find(MedusaEngine.EngineId);
        var values = engine.Values(Spec, new StoreNaming(Spec.Name, "shops.test"), engine.FindPlan("medium"));

        var kept = Json(StorageValues.KeepCurrent(values, current));

        Assert.Equal("10Gi", kept.GetProperty("postgresql").GetProperty("persistence").GetProperty("size").GetString());
    }

    private static JsonElement Json(IReadOnlyDictionary<string, object?> values) => JsonSerializer.SerializeToElement(values);
}
