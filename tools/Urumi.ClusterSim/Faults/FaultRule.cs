using System.Text.Json.Serialization;

namespace Urumi.ClusterSim.Faults;

/// <summary>
/// One fault switch. Unset selectors match everything, so a rule with only <see cref="Kind"/> is
/// global. <see cref="Namespace"/>, <see cref="Name"/> and <see cref="Image"/> are globs
/// (<c>*</c>, <c>?</c>); a pod's name starts with its workload's name, so <c>shop1-wordpress*</c>
/// covers the Deployment's ReplicaSets and pods.
/// </summary>
public sealed record FaultRule
{
    public FaultKind Kind { get; init; }

    /// <summary>Glob on the namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Glob on the object's name (pod, workload, Job, namespace, or the API request's object).</summary>
    public string? Name { get; init; }

    /// <summary>Glob on any container image of the pod (workload faults only).</summary>
    public string? Image { get; init; }

    /// <summary>API faults: get, list, watch, create, update, patch, delete (empty = every verb).</summary>
    public string? Verb { get; init; }

    /// <summary>API faults: the resource's plural, e.g. <c>secrets</c> (empty = every resource).</summary>
    public string? Resource { get; init; }

    /// <summary>ApiError: the HTTP status (500, 503, 429, …).</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>ApiError: the Retry-After seconds sent with 429 and 503.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>ApiError/Latency: the fraction of matching requests affected (0..1).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>ApiError/Latency: how many requests are affected at most; null = no limit.</summary>
    public int? Count { get; init; }

    /// <summary>ReadyDelay: time to Ready. Latency: added delay.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>WatchDrop: stream lifetime. CrashLoopBackOff: time between restarts (default 1 s).</summary>
    public TimeSpan Interval { get; init; }
}
