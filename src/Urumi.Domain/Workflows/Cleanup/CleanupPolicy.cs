using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>Retention and limits of one cleanup run; chosen by the host from validated options.</summary>
public sealed record CleanupPolicy(
    TimeSpan FailedRetention,
    TimeSpan OrphanGracePeriod,
    TimeSpan StuckReleaseGracePeriod,
    TimeSpan TerminatingGracePeriod,
    TimeSpan HistoryRetention,
    TimeSpan AuditRetention,
    int MaxParallelDeletes,
    DeletionPolicy Deletion)
{
    public static CleanupPolicy Default { get; } = new(
        FailedRetention: TimeSpan.FromDays(7),
        OrphanGracePeriod: TimeSpan.FromHours(1),
        StuckReleaseGracePeriod: TimeSpan.FromMinutes(30),
        TerminatingGracePeriod: TimeSpan.FromMinutes(15),
        HistoryRetention: TimeSpan.FromDays(30),
        AuditRetention: TimeSpan.FromDays(365),
        MaxParallelDeletes: 3,
        Deletion: DeletionPolicy.Default);
}
