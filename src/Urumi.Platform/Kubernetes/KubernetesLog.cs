using System.Net;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Kubernetes;

/// <summary>Every log line of the Kubernetes adapter. None of them carries Secret data.</summary>
internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Created namespace {Namespace}")]
    public static partial void NamespaceCreated(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Namespace {Namespace} exists; merged its labels and annotations")]
    public static partial void NamespacePatched(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Created credentials Secret {Namespace}/{Secret}")]
    public static partial void SecretCreated(ILogger logger, string @namespace, string secret);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Credentials Secret {Namespace}/{Secret} already exists; kept it")]
    public static partial void SecretKept(ILogger logger, string @namespace, string secret);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Set phase of namespace {Namespace} to {Phase}")]
    public static partial void PhaseSet(ILogger logger, string @namespace, string phase);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Deleting namespace {Namespace} ({Propagation})")]
    public static partial void NamespaceDeleting(ILogger logger, string @namespace, string propagation);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Namespace {Namespace} was already gone")]
    public static partial void NamespaceAlreadyGone(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Namespace {Namespace} is still present after {MaxWait}: {Blockers}")]
    public static partial void NamespaceStuck(ILogger logger, string @namespace, TimeSpan maxWait, string blockers);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Workloads in {Namespace} are ready")]
    public static partial void Ready(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Readiness of {Namespace} failed: {Reason}")]
    public static partial void Fatal(ILogger logger, string @namespace, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Workloads in {Namespace} not ready after {MaxWait}: {Summary}")]
    public static partial void NotReadyYet(ILogger logger, string @namespace, TimeSpan maxWait, string summary);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Debug, Message = "Watch of {Kind} in {Namespace} ended ({Why}); re-listing")]
    public static partial void WatchEnded(ILogger logger, string kind, string @namespace, string why);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Watch of {Kind} in {Namespace} failed; re-listing after {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string kind, string @namespace, TimeSpan delay);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Kubernetes API answered 429 to {Method} {Path}; retry {Attempt} of {MaxRetries} after {Delay}")]
    public static partial void Throttled(ILogger logger, HttpMethod method, string path, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "Kubernetes API call {Operation} failed with {Status}")]
    public static partial void CallFailed(ILogger logger, Exception? exception, string operation, HttpStatusCode? status);
}
