using Urumi.Domain.Stores;

namespace Urumi.Domain.Engines;

/// <summary>
/// MedusaJS v2 (server with Store and Admin APIs, PostgreSQL, Redis, a minimal storefront) from
/// <c>charts/urumi-medusa</c>. Its admin dashboard is served by the Medusa server at <c>/app/</c>
/// and signs in with the store's admin e-mail and password.
/// </summary>
public sealed class MedusaEngine : StoreEngine
{
    public const string EngineId = "medusa";

    public static readonly StorePlan Small = new(
        "small",
        "Trying things out: one Medusa server, PostgreSQL with 2 Gi storage.",
        new ResourceSize("250m", "512Mi", "1", "1Gi"),
        new ResourceSize("100m", "256Mi", "500m", "512Mi"),
        null,
        "2Gi");

    public static readonly StorePlan Medium = new(
        "medium",
        "A shop with real traffic: more CPU and memory for Medusa and PostgreSQL, 10 Gi database storage.",
        new ResourceSize("500m", "1Gi", "2", "2Gi"),
        new ResourceSize("250m", "512Mi", "1", "1Gi"),
        null,
        "10Gi");

    public override string Id => EngineId;

    public override string DisplayName => "MedusaJS";

    public override string Chart => "urumi-medusa";

    public override string AdminPath => "app/";

    public override ShopChecks Checks { get; } = new(EngineId, Storefront: true, StoreApiProducts: true, ManualPayment: true, TestOrder: true);

    public override IReadOnlyList<StorePlan> Plans { get; } = [Small, Medium];

    public override IReadOnlyDictionary<string, object?> Values(StoreSpec spec, StoreNaming naming, StorePlan plan)
    {
        var values = CommonValues(spec, naming, plan);
        values["medusa"] = new Dictionary<string, object?> { ["resources"] = Resources(plan.App) };
        values["postgresql"] = new Dictionary<string, object?>
        {
            ["resources"] = Resources(plan.Database),
            ["persistence"] = new Dictionary<string, object?> { ["size"] = plan.DatabaseStorage },
        };
        return values;
    }
}
