namespace Urumi.Domain.Ports;

/// <summary>Retention of the audit trail; implemented by the audit log's store.</summary>
public interface IAuditRetention
{
    /// <summary>Removes audit entries older than <paramref name="cutoff"/>; returns how many entries went.</summary>
    Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
