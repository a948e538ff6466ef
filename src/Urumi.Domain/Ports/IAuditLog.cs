namespace Urumi.Domain.Ports;

/// <summary>Append-only history of everything that happened to stores.</summary>
public interface IAuditLog
{
    /// <summary>Writes <paramref name="entry"/>; writing the same (operation, step) twice keeps one row.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first. <paramref name="store"/> null reads the global log.</summary>
    Task<AuditPage> ReadAsync(string? store, int pageSize, string? continuation, CancellationToken cancellationToken);
}
