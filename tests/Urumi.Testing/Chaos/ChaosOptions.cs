namespace Urumi.Testing.Chaos;

/// <summary>
/// One chaos run: <see cref="Stores"/> stores created (every other one deleted again once Ready) through
/// <see cref="Servers"/> Urumi.Server replicas over <see cref="Duration"/>, while a schedule drawn from
/// <see cref="Seed"/> injects faults (none when <see cref="Faults"/> is false: the calm baseline).
/// </summary>
public sealed record ChaosOptions
{
    public int Stores { get; init; } = 5;

    public int Servers { get; init; } = 2;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public int Seed { get; init; } = 17;

    public bool Faults { get; init; } = true;

    /// <summary>How long, after the faults end, every store may take to settle before the invariants are checked.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMinutes(5);
}
