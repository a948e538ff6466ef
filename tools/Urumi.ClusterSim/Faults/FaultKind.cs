using System.Text.Json.Serialization;

namespace Urumi.ClusterSim.Faults;

/// <summary>What a fault rule does. Workload faults act on pods (and their controllers); API faults on requests.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>Pods become Ready after <see cref="FaultRule.Delay"/> instead of the simulator's default.</summary>
    ReadyDelay,

    /// <summary>Pods run but never pass their readiness probe.</summary>
    NeverReady,

    /// <summary>Pods stay Pending with ErrImagePull/ImagePullBackOff (and Failed/BackOff events).</summary>
    ImagePullBackOff,

    /// <summary>Containers crash; restartCount grows every <see cref="FaultRule.Interval"/> (BackOff events).</summary>
    CrashLoopBackOff,

    /// <summary>Job pods fail; the Job ends Failed (BackoffLimitExceeded) once backoffLimit is used up.</summary>
    JobFailure,

    /// <summary>Controllers cannot create pods: FailedCreate events ("violates PodSecurity"), no pods.</summary>
    PodSecurityRejection,

    /// <summary>Matching namespaces carry a finalizer (<c>sim.urumi.io/blocked</c>) that holds deletion until the rule is removed.</summary>
    BlockNamespaceDeletion,

    /// <summary>Requests answer <see cref="FaultRule.StatusCode"/> (5xx, or 429 with Retry-After).</summary>
    ApiError,

    /// <summary>Requests are delayed by <see cref="FaultRule.Delay"/>.</summary>
    Latency,

    /// <summary>Watch streams are closed every <see cref="FaultRule.Interval"/>.</summary>
    WatchDrop,
}
