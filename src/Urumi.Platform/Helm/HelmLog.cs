using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Helm;

/// <summary>Log lines of the helm adapter. They never carry values or helm's stderr.</summary>
internal static partial class HelmLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "helm {Verb} {Release} (namespace {Namespace}) finished in {ElapsedMs} ms with exit code {ExitCode}")]
    public static partial void CommandFinished(ILogger logger, string verb, string release, string @namespace, long elapsedMs, int exitCode);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning,
        Message = "helm {Verb} {Release} (namespace {Namespace}) failed in {ElapsedMs} ms with exit code {ExitCode} ({Kind})")]
    public static partial void CommandFailed(ILogger logger, string verb, string release, string @namespace, long elapsedMs, int exitCode, string kind);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information,
        Message = "helm {Verb} {Release} (namespace {Namespace}): no such release ({ElapsedMs} ms)")]
    public static partial void ReleaseNotFound(ILogger logger, string verb, string release, string @namespace, long elapsedMs);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning,
        Message = "helm {Verb} {Release} (namespace {Namespace}) was stopped after {ElapsedMs} ms: {Reason}")]
    public static partial void CommandStopped(ILogger logger, string verb, string release, string @namespace, long elapsedMs, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning,
        Message = "Release {Release} (namespace {Namespace}) has been {Status} for {AgeSeconds} s with no live operation; recovering it by {Action}")]
    public static partial void RecoveringPending(ILogger logger, string release, string @namespace, string status, long ageSeconds, string action);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information,
        Message = "Release {Release} (namespace {Namespace}) is {Status} for {AgeSeconds} s, younger than {StaleSeconds} s; another operation may still hold it")]
    public static partial void PendingNotStale(ILogger logger, string release, string @namespace, string status, long ageSeconds, long staleSeconds);
}
