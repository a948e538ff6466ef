namespace Urumi.Domain.Telemetry;

/// <summary>One timed step of an operation (installing, waiting-for-pods, verifying-shop: the progress step names) and when it began.</summary>
public sealed record StepStart(string Step, DateTimeOffset Started);
