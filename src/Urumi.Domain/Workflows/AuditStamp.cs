using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>
/// Who and when for the audit rows an activity writes about its own step; the time is the
/// orchestration's (replay-safe), so a rerun of the activity writes the same row again.
/// </summary>
public sealed record AuditStamp(DateTimeOffset Time, string Store, string OperationId, string Actor)
{
    public AuditEntry Entry(string step, string action, AuditOutcome outcome, string? detail) =>
        new(Time, Store, OperationId, step, action, outcome, Actor, OperationProgress.Truncate(detail));

    /// <summary>
    /// The same stamp one tick later: for a row one activity writes after another row of the same stamp, so the
    /// trail (ordered by time, newest first) keeps the order in which the steps happened.
    /// </summary>
    public AuditStamp Later() => this with { Time = Time.AddTicks(1) };
}
