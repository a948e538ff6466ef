using System.Text.Json.Serialization;

namespace Urumi.Domain.Workflows.Cleanup;

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
