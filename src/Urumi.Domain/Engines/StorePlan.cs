namespace Urumi.Domain.Engines;

/// <summary>Container requests and limits in Kubernetes quantity notation.</summary>
public sealed record ResourceSize(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);

/// <summary>A size class a user picks; the engine turns it into chart values.</summary>
public sealed record StorePlan(
    string Id,
    string Description,
    ResourceSize WordPress,
    ResourceSize Database,
    string ContentStorage,
    string DatabaseStorage)
{
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

    public static IReadOnlyList<StorePlan> All { get; } = [Small, Medium];

    public static bool TryFind(string? id, out StorePlan plan)
    {
        plan = All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal))!;
        return plan is not null;
    }

    public static StorePlan Find(string? id) => TryFind(id, out var plan)
        ? plan
        : throw new DomainValidationException("plan", $"Unknown plan '{id}'. Choose one of: {string.Join(", ", All.Select(p => p.Id))}.");
}
