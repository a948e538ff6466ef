using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>One thing the cleanup found. <see cref="Store"/> is null for what belongs to no store.</summary>
public sealed record CleanupCandidate(CleanupKind Kind, CleanupAction Action, string Target, string? Store, string Reason);
