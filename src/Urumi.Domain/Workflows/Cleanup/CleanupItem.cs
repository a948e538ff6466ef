using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record CleanupItem(CleanupKind Kind, CleanupAction Action, string Target, string? Store, string Reason, CleanupOutcome Outcome, string? Detail)
{
    public static CleanupItem Of(CleanupCandidate candidate, CleanupOutcome outcome, string? detail) =>
        new(candidate.Kind, candidate.Action, candidate.Target, candidate.Store, candidate.Reason, outcome, detail);
}
