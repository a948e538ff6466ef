using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Installed">The release this run's install made.</param>
/// <param name="Before">The release before this run's install (null: a first install): what a failure rolls back to.</param>
/// <param name="Readiness">The first readiness wait the install went on to (<see cref="InstallReleaseInput.ThenWait"/>); null: none, or it could not answer.</param>
public sealed record InstallReleaseResult(HelmRelease Installed, HelmRelease? Before, ReadinessResult? Readiness = null);
