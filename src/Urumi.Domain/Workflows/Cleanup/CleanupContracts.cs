using System.Text.Json.Serialization;
using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Inputs and outputs of the cleanup orchestration. Persisted in durable history: names, times and
// reasons only, never a secret.

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

/// <param name="Actor">"schedule" for a timer tick, else the API caller.</param>
/// <param name="DryRun">Report what would be done; change nothing.</param>
public sealed record CleanupInput(string BaseDomain, string Actor, bool DryRun, CleanupPolicy Policy);

[JsonConverter(typeof(JsonStringEnumConverter<CleanupKind>))]
public enum CleanupKind
{
    /// <summary>A Failed store older than the failed-store retention.</summary>
    FailedPastRetention,

    /// <summary>A store whose expiry time (set at creation) has passed.</summary>
    Expired,

    /// <summary>A managed namespace with no Helm release and no running operation, past the grace period.</summary>
    OrphanNamespace,

    /// <summary>A Urumi-looking Helm release whose namespace lacks our labels: reported, never touched.</summary>
    UnlabelledRelease,

    /// <summary>A release left in pending-install/upgrade/rollback with no running operation.</summary>
    StuckRelease,

    /// <summary>A managed namespace stuck in Terminating: reported with its blockers, never forced.</summary>
    TerminatingNamespace,

    /// <summary>Finished orchestration instances older than the history retention.</summary>
    History,

    /// <summary>Audit entries older than the audit retention.</summary>
    Audit,
}

[JsonConverter(typeof(JsonStringEnumConverter<CleanupAction>))]
public enum CleanupAction
{
    Delete,
    Rollback,
    Uninstall,
    Report,
    Purge,
}

[JsonConverter(typeof(JsonStringEnumConverter<CleanupOutcome>))]
public enum CleanupOutcome
{
    /// <summary>Dry run: this is what a tick would do.</summary>
    Planned,
    Done,
    Reported,
    Failed,
}

/// <summary>One thing the cleanup found. <see cref="Store"/> is null for what belongs to no store.</summary>
public sealed record CleanupCandidate(CleanupKind Kind, CleanupAction Action, string Target, string? Store, string Reason);

public sealed record CleanupItem(CleanupKind Kind, CleanupAction Action, string Target, string? Store, string Reason, CleanupOutcome Outcome, string? Detail)
{
    public static CleanupItem Of(CleanupCandidate candidate, CleanupOutcome outcome, string? detail) =>
        new(candidate.Kind, candidate.Action, candidate.Target, candidate.Store, candidate.Reason, outcome, detail);
}

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

/// <summary>What the cleanup reads from the cluster, Helm and the task hub before deciding.</summary>
public sealed record CleanupSnapshot(
    IReadOnlyList<ManagedStore> Stores,
    IReadOnlyList<NamespaceInfo> Namespaces,
    IReadOnlyList<HelmRelease> Releases,
    IReadOnlyCollection<string> LiveOperations);

// Activity inputs.

public sealed record CleanupScanInput(DateTime Now, CleanupPolicy Policy);

public sealed record RecoverReleaseInput(Urumi.Domain.Stores.StoreName Store, string BaseDomain, CleanupAction Action, TimeSpan HelmTimeout);

public sealed record SettleStoreInput(Urumi.Domain.Stores.StoreName Store, string BaseDomain, string Reason);

public sealed record PurgeInput(DateTime Cutoff);
