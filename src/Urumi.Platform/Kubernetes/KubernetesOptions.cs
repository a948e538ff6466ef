using System.ComponentModel.DataAnnotations;

namespace Urumi.Platform.Kubernetes;

/// <summary>Settings of the Kubernetes adapter, bound from <c>Urumi:Kubernetes</c>.</summary>
public sealed class KubernetesOptions
{
    public const string SectionName = "Urumi:Kubernetes";

    /// <summary>Path of a kubeconfig file; when empty the default chain applies (KUBECONFIG, ~/.kube/config, in-cluster).</summary>
    public string? KubeConfig { get; set; }

    /// <summary>Context inside the kubeconfig; when empty its current context.</summary>
    public string? KubeContext { get; set; }

    /// <summary>Requests in flight at once against the API server (watch streams excluded once their headers arrive).</summary>
    [Range(1, 256)]
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>How often a 429 answer is retried (honouring Retry-After) before it surfaces as a transient error.</summary>
    [Range(0, 10)]
    public int MaxRetriesOn429 { get; set; } = 3;

    /// <summary>The longest Retry-After the adapter waits for; longer hints are shortened to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side lifetime of one watch request (<c>timeoutSeconds</c>); the adapter re-lists after each.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Restarts after which a crash-looping container counts as fatal.</summary>
    [Range(1, 1000)]
    public int CrashLoopFatalRestarts { get; set; } = 3;

    /// <summary>How long a pod may stay unschedulable before readiness gives up on it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UnschedulableFatalAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Timeout of one ordinary API request (until its answer is read; watches only until their headers).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While waiting for readiness: how often time-based rules and FailedCreate events are re-checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ReadinessRecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>While waiting for a namespace to disappear: how often it is read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan NamespacePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Propagation policy of namespace deletion: <c>Background</c> or <c>Foreground</c>.</summary>
    [Required]
    [RegularExpression("^(Background|Foreground)$")]
    public string NamespaceDeletePropagation { get; set; } = "Background";
}
