using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>POST /api/stores</c>. Every field is optional; absent (or null) ones take the configured defaults.</summary>
public sealed record CreateStoreRequest(string? Name, string? Engine, string? Plan, int? ExpiresInHours);

public sealed record BatchCreateRequest(IReadOnlyList<CreateStoreRequest>? Stores);

/// <summary>Body of <c>PATCH /api/stores/{name}</c>: the new plan; <c>chartVersion</c> is for admins (docs/operations.md).</summary>
public sealed record UpgradeStoreRequest(string? Plan, string? ChartVersion);

/// <summary>Body of <c>POST /api/stores/{name}/rollback</c>: the revision to return to; absent: the previous deployed one.</summary>
public sealed record RollbackStoreRequest(int? Revision);

/// <summary>Body of <c>POST /api/stores/upgrade</c> (admins): what to change, on which stores, how fast.</summary>
public sealed record BulkUpgradeRequest(string? Plan, string? ChartVersion, BulkSelector? Selector, int? Window, int? StopAfterFailures);

/// <summary>Which Ready stores a bulk upgrade takes; an absent field matches every store.</summary>
public sealed record BulkSelector(string? Engine, string? Plan);

/// <summary>
/// Who asks: an authenticated principal, an API key name, "schedule" or "anonymous", and what it may
/// do. A <see cref="ActorRole.Member"/> sees and changes only the stores it owns; an
/// <see cref="ActorRole.Admin"/> sees every store and may run the cleanup (docs/security.md).
/// </summary>
public sealed record Actor(string Name, ActorRole Role)
{
    /// <summary>The single local user of a loopback server without API keys, and a Functions caller with the function key but no principal.</summary>
    public static Actor Anonymous { get; } = new("anonymous", ActorRole.Admin);

    public bool IsAdmin => Role == ActorRole.Admin;

    /// <summary>True when this actor may see and change a store owned by <paramref name="owner"/>.</summary>
    public bool MayAccess(string? owner) => IsAdmin || string.Equals(owner, Name, StringComparison.Ordinal);

    public override string ToString() => Name;
}

public enum ActorRole
{
    /// <summary>Only the stores it owns (the default for every API key and principal).</summary>
    Member,

    /// <summary>Every store, the global audit trail and the cleanup.</summary>
    Admin,
}

public sealed record OperationLink(string Id, string Kind, string? RuntimeStatus, string Href);

public sealed record StoreLinks(string Self, string Events, string Credentials, string? Operation);

public sealed record StoreView(
    string Name,
    StoreStatus Status,
    string Engine,
    string Plan,
    string? Owner,
    Uri? Url,
    Uri? AdminUrl,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? LastError,
    OperationProgress? Progress,
    OperationLink? Operation,
    StoreLinks Links);

public sealed record StoreList(IReadOnlyList<StoreView> Stores);

public sealed record BatchAccepted(string Id, IReadOnlyList<string> Stores, OperationLink Operation);

public sealed record OperationView(
    string Id,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    object? Progress,
    object? Output,
    string? Failure);

public sealed record CredentialsView(string Store, string AdminUser, string AdminPassword, string AdminEmail, Uri AdminUrl);

public sealed record EventsPage(IReadOnlyList<AuditEntry> Events, string? Next);

public sealed record HealthView(string Status, IReadOnlyList<DependencyHealth> Checks);

public sealed record DependencyHealth(string Name, bool Healthy, string Detail);

/// <summary>One revision of a store's release, newest first in <see cref="RevisionList"/>.</summary>
/// <param name="Status">As helm writes it: deployed, superseded, failed, pending-upgrade, …</param>
/// <param name="Plan">The plan the revision's values name; null when they name none.</param>
public sealed record RevisionView(int Revision, string? Chart, string? ChartVersion, string? Plan, string Status, DateTimeOffset? Updated, string? Description);

public sealed record RevisionList(string Store, IReadOnlyList<RevisionView> Revisions);

/// <summary>Body of <c>GET /api/overview</c> (see <see cref="StoreOverview"/>).</summary>
public sealed record OverviewView(int Stores, IReadOnlyList<PhaseCount> Phases, CreateSummary Creates, IReadOnlyList<CreateOperation> Recent);

public sealed record PhaseCount(StoreStatus Status, string Engine, int Count);

/// <param name="Operations">Finished creates covered (at most <see cref="StoreOverview.Recent"/>).</param>
/// <param name="Succeeded">Those that ended Ready.</param>
/// <param name="SuccessRate">Succeeded / operations, 0–1; null when there are none.</param>
/// <param name="P50Seconds">Median time from accepted to Ready of the succeeded ones.</param>
/// <param name="P95Seconds">95th percentile of the same.</param>
public sealed record CreateSummary(int Operations, int Succeeded, double? SuccessRate, double? P50Seconds, double? P95Seconds);

/// <param name="Outcome">"succeeded" or "failed".</param>
public sealed record CreateOperation(string Id, string Store, string Engine, string Plan, DateTimeOffset FinishedAt, double DurationSeconds, string Outcome);
