namespace Urumi.Domain.Ports;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Continuation);
