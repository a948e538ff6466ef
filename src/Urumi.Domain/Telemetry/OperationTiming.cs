namespace Urumi.Domain.Telemetry;

/// <summary>
/// When an operation and each of its timed steps began, in orchestration time (replay-safe), carried to the
/// activity that ends the operation so that activity records the durations in <see cref="UrumiMetrics"/>.
/// </summary>
/// <param name="Kind">The orchestration name.</param>
/// <param name="Steps">The timed steps in the order they began; each ends where the next begins, the last when the operation ends.</param>
/// <param name="FailedStep">The step a failed operation failed in (the <c>reason</c> label); null while it has not failed.</param>
public sealed record OperationTiming(string Kind, DateTimeOffset Started, IReadOnlyList<StepStart> Steps, string? FailedStep = null);
