namespace Urumi.Testing.Chaos;

/// <summary>The plan change a chaos run asked of a store (the upgrade whose helm it killed).</summary>
public sealed record PlanChange(string From, string To);
