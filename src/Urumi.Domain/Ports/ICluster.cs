using System.Text.Json.Serialization;
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

public sealed record NamespaceSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>Held only in activity memory and the Kubernetes Secret. Not serializable on purpose.</summary>
public sealed class StoreCredentials(string adminUser, string adminPassword, string adminEmail, string? applicationPassword)
{
    public string AdminUser { get; } = adminUser;

    [JsonIgnore]
    public string AdminPassword { get; } = adminPassword;

    public string AdminEmail { get; } = adminEmail;

    /// <summary>WordPress application password for the REST API; null until the chart's setup has registered it.</summary>
    [JsonIgnore]
    public string? ApplicationPassword { get; } = applicationPassword;

    public override string ToString() => $"StoreCredentials({AdminUser}, ***)";
}

[JsonConverter(typeof(JsonStringEnumConverter<PodProblem>))]
public enum PodProblem
{
    None,
    Pending,
    NotReady,
    Unschedulable,
    ImagePullBackOff,
    CrashLoopBackOff,
    FailedCreate,
    JobFailed,
}

public sealed record PodState(string Name, string Phase, bool Ready, PodProblem Problem, int Restarts, string? Message);

public sealed record ReadinessReport(bool Ready, IReadOnlyList<PodState> Pods, IReadOnlyList<string> Waiting, string? FatalReason)
{
    /// <summary>An operator-facing sentence naming what still blocks readiness.</summary>
    public string Summary()
    {
        if (FatalReason is not null)
        {
            return FatalReason;
        }

        if (Ready)
        {
            return "All workloads are ready.";
        }

        var blocked = Pods.Where(p => !p.Ready && p.Problem != PodProblem.None)
            .Select(p => p.Message is null ? $"pod {p.Name} is {p.Problem}" : $"pod {p.Name} is {p.Problem}: {p.Message}")
            .ToList();
        if (blocked.Count == 0)
        {
            blocked.AddRange(Waiting);
        }

        return blocked.Count == 0 ? "Waiting for workloads to appear." : "Waiting: " + string.Join("; ", blocked) + ".";
    }
}

public sealed record ManagedStore(
    StoreName Name,
    string Namespace,
    string Engine,
    string Plan,
    string? Owner,
    string? Host,
    StoreStatus? Phase,
    string? LastError,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    bool Terminating,
    DateTimeOffset? PhaseSince = null);
