using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record CleanupResult(
    bool DryRun,
    DateTime StartedAt,
    int Deleted,
    int Recovered,
    int Reported,
    int Failed,
    int HistoryPurged,
    int AuditEntriesRemoved,
    IReadOnlyList<CleanupItem> Items);
