namespace Urumi.Domain.Ports;

/// <summary>
/// The rules about a release's state that the Helm adapter, the cleanup planner and the recovery activity
/// share: which states are pending, how a state is written for operators, and which revision is the last good one.
/// </summary>
public static class HelmReleases
{
    /// <summary>
    /// <c>pending-install</c>, <c>pending-upgrade</c> or <c>pending-rollback</c>: an operation holds (or held, if
    /// its process died) the release, and helm refuses every later upgrade until it is recovered.
    /// </summary>
    public static bool IsPending(this HelmReleaseStatus status) =>
        status is HelmReleaseStatus.PendingInstall or HelmReleaseStatus.PendingUpgrade or HelmReleaseStatus.PendingRollback;

    /// <summary>The state as helm prints it (<c>pending-install</c>, <c>deployed</c>, …), for operator messages.</summary>
    public static string ToHelmText(this HelmReleaseStatus status) => status switch
    {
        HelmReleaseStatus.PendingInstall => "pending-install",
        HelmReleaseStatus.PendingUpgrade => "pending-upgrade",
        HelmReleaseStatus.PendingRollback => "pending-rollback",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The newest revision older than <paramref name="currentRevision"/> that was deployed (now
    /// <c>deployed</c> or <c>superseded</c>): what a pending upgrade or rollback is rolled back to. Null when none.
    /// </summary>
    public static int? LastGoodRevision(this IEnumerable<HelmRevision> history, int currentRevision)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history
            .Where(r => r.Revision < currentRevision && r.Status is HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded)
            .MaxBy(r => r.Revision)?.Revision;
    }
}
