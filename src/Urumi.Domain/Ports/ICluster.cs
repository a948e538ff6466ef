using Urumi.Domain.Stores;

namespace Urumi.Domain.Ports;

/// <summary>The Kubernetes operations the workflows and the API need.</summary>
public interface ICluster
{
    /// <summary>Creates or updates the store namespace with its labels and annotations (idempotent).</summary>
    Task PrepareNamespaceAsync(NamespaceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the credentials Secret with freshly generated passwords when it does not exist;
    /// never regenerates an existing one. Returns true when it created it.
    /// </summary>
    Task<bool> EnsureCredentialsAsync(string namespaceName, string secretName, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>The store's credentials, or null when the Secret is missing. Never log or return these from a workflow.</summary>
    Task<StoreCredentials?> ReadCredentialsAsync(string namespaceName, string secretName, CancellationToken cancellationToken);

    /// <summary>
    /// Waits at most <paramref name="maxWait"/> for every workload in the namespace to be ready
    /// (list, then watch from the list's resourceVersion), returning early on a fatal pod state.
    /// </summary>
    Task<ReadinessReport> WaitForReadyAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Writes the store's phase (and last error, or clears it) onto its namespace.</summary>
    Task SetPhaseAsync(string namespaceName, StoreStatus phase, string? lastError, CancellationToken cancellationToken);

    /// <summary>Starts namespace deletion; a namespace already gone counts as deleted.</summary>
    Task DeleteNamespaceAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>Waits at most <paramref name="maxWait"/> for the namespace to disappear and says what blocks it.</summary>
    Task<NamespaceGoneReport> WaitForNamespaceGoneAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Every namespace Urumi manages, read from labels and annotations.</summary>
    Task<IReadOnlyList<ManagedStore>> ListStoresAsync(CancellationToken cancellationToken);

    Task<ManagedStore?> GetStoreAsync(StoreName store, CancellationToken cancellationToken);

    /// <summary>Every namespace of the cluster with its labels, managed or not (the cleanup reads it, never changes it).</summary>
    Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(CancellationToken cancellationToken);
}
