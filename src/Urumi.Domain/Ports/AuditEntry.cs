namespace Urumi.Domain.Ports;

public sealed record AuditEntry(
    DateTimeOffset Time,
    string Store,
    string OperationId,
    string Step,
    string Action,
    AuditOutcome Outcome,
    string Actor,
    string? Detail);
