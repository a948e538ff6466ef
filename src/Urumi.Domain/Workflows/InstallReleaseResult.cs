using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Before">The release before this run's install (null: a first install): what a failure rolls back to.</param>
public sealed record InstallReleaseResult(HelmRelease Installed, HelmRelease? Before);
