namespace Urumi.Domain.Engines;

/// <summary>Every engine a store can be created with; the first is the default.</summary>
public static class EngineCatalog
{
    public static IReadOnlyList<StoreEngine> All { get; } = [new WooCommerceEngine(), new MedusaEngine()];

    public static bool TryFind(string? id, out StoreEngine engine)
    {
        engine = All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))!;
        return engine is not null;
    }

    public static StoreEngine Find(string? id) => TryFind(id, out var engine)
        ? engine
        : throw new DomainValidationException(
            "engine",
            $"Unknown engine '{id}'. Available engines: {string.Join(", ", All.Select(e => e.Id))}.");
}
