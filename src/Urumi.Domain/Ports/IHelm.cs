namespace Urumi.Domain.Ports;

/// <summary>The Helm operations the workflows need. Implementations run the real <c>helm</c> binary.</summary>
public interface IHelm
{
    /// <summary>The release's latest revision, or null when there is none.</summary>
    Task<HelmRelease?> GetAsync(string release, string namespaceName, CancellationToken cancellationToken);

    /// <summary>
    /// <c>helm upgrade --install --create-namespace</c>. Values go to helm's stdin (<c>-f -</c>), never a
    /// file or the command line. A release stuck in <c>pending-*</c> with no live operation is recovered first.
    /// Returns the new revision and the release as it stood before (from the one <c>helm status</c>
    /// the pending check runs anyway), so a caller needs no lookup of its own to undo the install.
    /// </summary>
    Task<HelmInstallResult> UpgradeInstallAsync(HelmInstallRequest request, CancellationToken cancellationToken);

    /// <summary>Uninstalls; a release that does not exist counts as uninstalled.</summary>
    Task UninstallAsync(string release, string namespaceName, CancellationToken cancellationToken);

    /// <summary>Rolls back to <paramref name="revision"/> (the previous one when null).</summary>
    Task RollbackAsync(string release, string namespaceName, int? revision, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="max"/> revisions of the release (<c>helm history</c>), oldest first; empty when there is no release.</summary>
    Task<IReadOnlyList<HelmRevision>> HistoryAsync(string release, string namespaceName, int max, CancellationToken cancellationToken);

    /// <summary>The user-supplied values of one revision (<c>helm get values --revision</c>) as JSON; null when there is no such revision.</summary>
    Task<string?> ValuesAsync(string release, string namespaceName, int revision, CancellationToken cancellationToken);

    /// <summary>Every release in every namespace (<c>helm list -A -a</c>).</summary>
    Task<IReadOnlyList<HelmRelease>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The newest revision older than the current one that was deployed (now deployed or superseded):
    /// what a release stuck in <c>pending-*</c> rolls back to. Null when there is none or no release.
    /// </summary>
    Task<int?> LastDeployedRevisionAsync(string release, string namespaceName, CancellationToken cancellationToken);
}
