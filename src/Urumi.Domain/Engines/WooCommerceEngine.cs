using Urumi.Domain.Stores;

namespace Urumi.Domain.Engines;

/// <summary>WordPress + WooCommerce + MariaDB from <c>charts/urumi-store</c>.</summary>
public sealed class WooCommerceEngine : StoreEngine
{
    public const string EngineId = "woocommerce";

    public static readonly StorePlan Small = new(
        "small",
        "Trying things out: one WordPress pod, 1 Gi content and 2 Gi database storage.",
        new ResourceSize("100m", "256Mi", "500m", "512Mi"),
        new ResourceSize("100m", "256Mi", "500m", "512Mi"),
        "1Gi",
        "2Gi");

    public static readonly StorePlan Medium = new(
        "medium",
        "A shop with real traffic: more CPU and memory, 5 Gi content and 10 Gi database storage.",
        new ResourceSize("250m", "512Mi", "1", "1Gi"),
        new ResourceSize("250m", "512Mi", "1", "1Gi"),
        "5Gi",
        "10Gi");

    public override string Id => EngineId;

    public override string DisplayName => "WooCommerce";

    public override string Chart => "urumi-store";

    public override string AdminPath => "wp-admin/";

    public override ShopChecks Checks { get; } = new(EngineId, Storefront: true, StoreApiProducts: true, ManualPayment: true, TestOrder: true);

    public override IReadOnlyList<StorePlan> Plans { get; } = [Small, Medium];

    public override IReadOnlyDictionary<string, object?> Values(StoreSpec spec, StoreNaming naming, StorePlan plan)
    {
        var values = CommonValues(spec, naming, plan);
        values["wordpress"] = new Dictionary<string, object?>
        {
            ["resources"] = Resources(plan.App),
            ["persistence"] = new Dictionary<string, object?> { ["size"] = plan.ContentStorage },
        };
        values["mariadb"] = new Dictionary<string, object?>
        {
            ["resources"] = Resources(plan.Database),
            ["persistence"] = new Dictionary<string, object?> { ["size"] = plan.DatabaseStorage },
        };
        return values;
    }
}
