using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Actor">"schedule" for a timer tick, else the API caller.</param>
/// <param name="DryRun">Report what would be done; change nothing.</param>
public sealed record CleanupInput(string BaseDomain, string Actor, bool DryRun, CleanupPolicy Policy);
