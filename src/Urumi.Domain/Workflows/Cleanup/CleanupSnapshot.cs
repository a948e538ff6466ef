using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows.Cleanup;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>What the cleanup reads from the cluster, Helm and the task hub before deciding.</summary>
public sealed record CleanupSnapshot(
    IReadOnlyList<ManagedStore> Stores,
    IReadOnlyList<NamespaceInfo> Namespaces,
    IReadOnlyList<HelmRelease> Releases,
    IReadOnlyCollection<string> LiveOperations);
