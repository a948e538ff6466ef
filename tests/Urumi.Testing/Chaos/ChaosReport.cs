using System.Globalization;

namespace Urumi.Testing.Chaos;

/// <summary>One invariant of a chaos run: its name, whether it held, and what was seen.</summary>
public sealed record ChaosInvariant(string Name, bool Holds, string Detail)
{
    public override string ToString() => $"{(Holds ? "HOLDS " : "BROKEN")} {Name}: {Detail}";
}

/// <summary>What a chaos run found: the invariants, and its figures.</summary>
public sealed record ChaosReport(
    IReadOnlyList<ChaosInvariant> Invariants,
    IReadOnlyList<string> Faults,
    int OperationsCompleted,
    IReadOnlyList<TimeSpan> CreateToReady,
    IReadOnlyList<TimeSpan> OutageEndToNextCompletion)
{
    public bool AllHold => Invariants.All(i => i.Holds);

    /// <summary>The figures, one line each.</summary>
    public IEnumerable<string> Figures()
    {
        yield return $"faults injected: {Faults.Count} ({string.Join(", ", Faults.GroupBy(f => f).Select(g => $"{g.Key} ×{g.Count()}"))})";
        yield return $"operations completed: {OperationsCompleted}";
        yield return $"create→Ready: {Describe(CreateToReady)}";
        yield return $"storage outage end → next completed operation: {Describe(OutageEndToNextCompletion)}";
    }

    public static string Describe(IReadOnlyList<TimeSpan> times)
    {
        if (times.Count == 0)
        {
            return "none measured";
        }

        var sorted = times.Order().ToList();
        string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        return $"p50 {S(sorted[(sorted.Count - 1) / 2])}, p95 {S(sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1])}, max {S(sorted[^1])} (n={sorted.Count})";
    }
}
