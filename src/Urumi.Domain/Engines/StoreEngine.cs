using Urumi.Domain.Stores;

namespace Urumi.Domain.Engines;

/// <summary>
/// How one kind of store is installed and checked: which chart, which values, which shop checks.
/// A second engine (say MedusaJS) is one more subclass and one more chart.
/// </summary>
public abstract class StoreEngine
{
    /// <summary>Stable id used in requests, labels and audit rows.</summary>
    public abstract string Id { get; }

    public abstract string DisplayName { get; }

    /// <summary>Chart folder name under the configured charts root.</summary>
    public abstract string Chart { get; }

    /// <summary>What the shop probe checks after the pods are ready.</summary>
    public abstract ShopChecks Checks { get; }

    /// <summary>Per-store chart values. Never contains a secret: only the Secret's name.</summary>
    public abstract IReadOnlyDictionary<string, object?> Values(StoreSpec spec, StoreNaming naming, StorePlan plan);
}

/// <summary>The verification a store must pass before it is called Ready.</summary>
public sealed record ShopChecks(bool Storefront, bool StoreApiProducts, bool CashOnDelivery, bool TestOrder);

public static class EngineCatalog
{
    public static IReadOnlyList<StoreEngine> All { get; } = [new WooCommerceEngine()];

    public static StoreEngine Find(string? id) =>
        All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))
        ?? throw new DomainValidationException(
            "engine",
            $"Unknown engine '{id}'. Available engines: {string.Join(", ", All.Select(e => e.Id))}.");
}
