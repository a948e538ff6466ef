using Urumi.Domain.Stores;

namespace Urumi.Domain.Engines;

/// <summary>
/// How one kind of store is installed and checked: which chart, which values, which plans, which
/// shop checks. An engine is one subclass here, one chart under <c>charts/</c> and one shop probe in
/// <c>Urumi.Platform/Shop</c> (docs/engines.md lists every file to touch).
/// </summary>
public abstract class StoreEngine
{
    /// <summary>Stable id used in requests, labels and audit rows.</summary>
    public abstract string Id { get; }

    public abstract string DisplayName { get; }

    /// <summary>Chart folder name under the configured charts root.</summary>
    public abstract string Chart { get; }

    /// <summary>Path of the shop's admin under the store URL, with a trailing slash.</summary>
    public abstract string AdminPath { get; }

    /// <summary>What the shop probe checks after the pods are ready.</summary>
    public abstract ShopChecks Checks { get; }

    /// <summary>The size classes a user may pick for this engine, the default first.</summary>
    public abstract IReadOnlyList<StorePlan> Plans { get; }

    /// <summary>Per-store chart values. Never contains a secret: only the Secret's name.</summary>
    public abstract IReadOnlyDictionary<string, object?> Values(StoreSpec spec, StoreNaming naming, StorePlan plan);

    public bool TryFindPlan(string? id, out StorePlan plan)
    {
        plan = Plans.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal))!;
        return plan is not null;
    }

    public StorePlan FindPlan(string? id) => TryFindPlan(id, out var plan)
        ? plan
        : throw new DomainValidationException("plan", $"Unknown plan '{id}' for {DisplayName}. Choose one of: {string.Join(", ", Plans.Select(p => p.Id))}.");

    /// <summary>Container requests and limits as chart values.</summary>
    protected static Dictionary<string, object?> Resources(ResourceSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        return new()
        {
            ["requests"] = new Dictionary<string, object?> { ["cpu"] = size.CpuRequest, ["memory"] = size.MemoryRequest },
            ["limits"] = new Dictionary<string, object?> { ["cpu"] = size.CpuLimit, ["memory"] = size.MemoryLimit },
        };
    }

    /// <summary>The values every engine's chart takes the same way: store.*, existingSecret, commonLabels.</summary>
    protected Dictionary<string, object?> CommonValues(StoreSpec spec, StoreNaming naming, StorePlan plan)
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
        };
    }
}
