using Urumi.Domain.Stores;

namespace Urumi.Domain.Engines;

/// <summary>WordPress + WooCommerce + MariaDB from <c>charts/urumi-store</c>.</summary>
public sealed class WooCommerceEngine : StoreEngine
{
    public const string EngineId = "woocommerce";

    public override string Id => EngineId;

    public override string DisplayName => "WooCommerce";

    public override string Chart => "urumi-store";

    public override ShopChecks Checks { get; } = new(Storefront: true, StoreApiProducts: true, CashOnDelivery: true, TestOrder: true);

    public override IReadOnlyDictionary<string, object?> Values(StoreSpec spec, StoreNaming naming, StorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(naming);
        ArgumentNullException.ThrowIfNull(plan);
        return new Dictionary<string, object?>
        {
            ["store"] = new Dictionary<string, object?>
            {
                ["name"] = spec.Name.Value,
                ["host"] = naming.Host,
                ["plan"] = plan.Id,
                ["engine"] = Id,
            },
            ["existingSecret"] = naming.CredentialsSecret,
            ["commonLabels"] = naming.CommonLabels(Id, plan.Id),
            ["wordpress"] = new Dictionary<string, object?>
            {
                ["resources"] = Resources(plan.WordPress),
                ["persistence"] = new Dictionary<string, object?> { ["size"] = plan.ContentStorage },
            },
            ["mariadb"] = new Dictionary<string, object?>
            {
                ["resources"] = Resources(plan.Database),
                ["persistence"] = new Dictionary<string, object?> { ["size"] = plan.DatabaseStorage },
            },
        };
    }

    private static Dictionary<string, object?> Resources(ResourceSize size) => new()
    {
        ["requests"] = new Dictionary<string, object?> { ["cpu"] = size.CpuRequest, ["memory"] = size.MemoryRequest },
        ["limits"] = new Dictionary<string, object?> { ["cpu"] = size.CpuLimit, ["memory"] = size.MemoryLimit },
    };
}
