using System.Text.Json.Serialization;

namespace Urumi.Domain.Ports;

/// <summary>Append-only history of everything that happened to stores.</summary>
public interface IAuditLog
{
    /// <summary>Writes <paramref name="entry"/>; writing the same (operation, step) twice keeps one row.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first. <paramref name="store"/> null reads the global log.</summary>
    Task<AuditPage> ReadAsync(string? store, int pageSize, string? continuation, CancellationToken cancellationToken);
}

[JsonConverter(typeof(JsonStringEnumConverter<AuditOutcome>))]
public enum AuditOutcome
{
    Accepted,
    Succeeded,
    Failed,
    Info,
}

public sealed record AuditEntry(
    DateTimeOffset Time,
    string Store,
    string OperationId,
    string Step,
    string Action,
    AuditOutcome Outcome,
    string Actor,
    string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Continuation);
