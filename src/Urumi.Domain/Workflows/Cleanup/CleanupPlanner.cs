using System.Globalization;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows.Cleanup;

/// <summary>
/// Decides what a cleanup tick does from a snapshot. Pure: the same snapshot and time give the same
/// plan. It never proposes touching a namespace without Urumi's labels, a store with a running
/// operation, or a namespace that is already terminating.
/// </summary>
public static class CleanupPlanner
{
    public static IReadOnlyList<CleanupCandidate> Plan(CleanupSnapshot snapshot, CleanupPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);
        var live = new HashSet<string>(snapshot.LiveOperations, StringComparer.Ordinal);
        var namespaces = snapshot.Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var releases = snapshot.Releases.ToLookup(r => (r.Namespace, r.Name));
        bool Busy(StoreName store) => WorkflowIds.ForStore(store).Any(live.Contains);

        var deletions = new List<CleanupCandidate>();
        var reports = new List<CleanupCandidate>();
        var deleting = new HashSet<StoreName>();
        foreach (var store in snapshot.Stores.OrderBy(s => s.Name.Value, StringComparer.Ordinal))
        {
            namespaces.TryGetValue(store.Namespace, out var ns);
            if (store.Terminating || ns is { Terminating: true })
            {
                var since = ns?.DeletingSince;
                if (!live.Contains(WorkflowIds.Delete(store.Name)) && (since is null || now - since >= policy.TerminatingGracePeriod))
                {
                    reports.Add(new(CleanupKind.TerminatingNamespace, CleanupAction.Report, store.Namespace, store.Name.Value,
                        since is null ? $"Namespace {store.Namespace} is stuck in Terminating." : $"Namespace {store.Namespace} has been terminating since {Time(since.Value)}."));
                }

                continue;
            }

            if (Busy(store.Name))
            {
                continue;
            }

            var reason = DeletionReason(store, ns, releases.Contains((store.Namespace, store.Name.Value)), policy, now);
            if (reason is not null)
            {
                deletions.Add(new(reason.Value.Kind, CleanupAction.Delete, store.Name.Value, store.Name.Value, reason.Value.Text));
                deleting.Add(store.Name);
            }
        }

        var recoveries = new List<CleanupCandidate>();
        foreach (var release in snapshot.Releases.OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            namespaces.TryGetValue(release.Namespace, out var ns);
            var owner = StoreNaming.StoreOfNamespace(release.Namespace, ns?.Labels);
            if (owner is null || owner.Value.Value != release.Name)
            {
                if (LooksOurs(release))
                {
                    reports.Add(new(CleanupKind.UnlabelledRelease, CleanupAction.Report, $"{release.Name} in namespace {release.Namespace}", null,
                        $"Helm release {release.Name} ({release.Chart}, {release.Status.ToHelmText()}) is in namespace {release.Namespace}, which lacks Urumi's labels; cleanup leaves it alone."));
                }

                continue;
            }

            if (!release.Status.IsPending() || Busy(owner.Value) || deleting.Contains(owner.Value) || ns is { Terminating: true })
            {
                continue;
            }

            if (release.Updated is { } updated && now - updated < policy.StuckReleaseGracePeriod)
            {
                continue;
            }

            var action = release.Status == HelmReleaseStatus.PendingInstall ? CleanupAction.Uninstall : CleanupAction.Rollback;
            var since = release.Updated is { } at ? $" since {Time(at)}" : string.Empty;
            recoveries.Add(new(CleanupKind.StuckRelease, action, release.Name, owner.Value.Value,
                $"Helm release {release.Name} is stuck in {release.Status.ToHelmText()} at revision {release.Revision}{since} with no running operation; " +
                (action == CleanupAction.Uninstall ? "it was never deployed, so it is uninstalled." : "it is rolled back to its last deployed revision.")));
        }

        var historyCutoff = now - policy.HistoryRetention;
        var auditCutoff = now - policy.AuditRetention;
        return
        [
            .. deletions,
            .. recoveries,
            .. reports,
            new(CleanupKind.History, CleanupAction.Purge, "orchestration history", null,
                $"Completed, failed and terminated operations created before {Time(historyCutoff)} (retention {Span(policy.HistoryRetention)})."),
            new(CleanupKind.Audit, CleanupAction.Purge, "audit trail", null,
                $"Audit entries older than {Time(auditCutoff)} (retention {Span(policy.AuditRetention)})."),
        ];
    }

    /// <summary>A Helm release that Urumi would have made: in a <c>store-</c> namespace or from one of the engine charts.</summary>
    public static bool LooksOurs(HelmRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.Namespace.StartsWith(StoreNaming.NamespacePrefix, StringComparison.Ordinal)
            || EngineCatalog.All.Any(e => release.Chart == e.Chart || release.Chart.StartsWith(e.Chart + "-", StringComparison.Ordinal));
    }

    private static (CleanupKind Kind, string Text)? DeletionReason(ManagedStore store, NamespaceInfo? ns, bool hasRelease, CleanupPolicy policy, DateTimeOffset now)
    {
        if (store.Phase == StoreStatus.Failed)
        {
            var failedSince = store.PhaseSince ?? store.CreatedAt ?? ns?.CreatedAt;
            if (failedSince is { } since && now - since >= policy.FailedRetention)
            {
                var error = store.LastError is null ? string.Empty : $" Last error: {store.LastError}";
                return (CleanupKind.FailedPastRetention, $"Store {store.Name} has been Failed since {Time(since)}, longer than the failed-store retention of {Span(policy.FailedRetention)}.{error}");
            }
        }

        if (store.ExpiresAt is { } expires && expires <= now)
        {
            return (CleanupKind.Expired, $"Store {store.Name} expired at {Time(expires)}.");
        }

        // A Failed store without a release is kept for diagnosis until its retention passes.
        if (!hasRelease && store.Phase != StoreStatus.Failed)
        {
            var created = ns?.CreatedAt ?? store.CreatedAt;
            if (created is { } at && now - at >= policy.OrphanGracePeriod)
            {
                return (CleanupKind.OrphanNamespace,
                    $"Namespace {store.Namespace} ({store.Phase?.ToString() ?? "no phase"}) has no Helm release and no running operation, and is older than the orphan grace period of {Span(policy.OrphanGracePeriod)}.");
            }
        }

        return null;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Count(span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Count(span.TotalHours, "hour")
        : Count(span.TotalMinutes, "minute");

    private static string Count(double value, string unit) =>
        value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit + (value == 1 ? string.Empty : "s");
}
