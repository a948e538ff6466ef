namespace Urumi.Domain.Ports;

/// <param name="Release">The revision this install made.</param>
/// <param name="Before">The release before it (after any pending-state recovery); null: it was a first install.</param>
public sealed record HelmInstallResult(HelmRelease Release, HelmRelease? Before);
