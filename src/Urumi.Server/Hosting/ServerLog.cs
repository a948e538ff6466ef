namespace Urumi.Server.Hosting;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Urumi.Server listening on http://{Endpoint} (task hub {Hub}, worker {Worker})")]
    public static partial void Listening(ILogger logger, string endpoint, string hub, string worker);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Bad request {Method} {Path}: {Status} {Reason}")]
    public static partial void BadRequest(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Durable task worker stopped within the shutdown grace of {Grace}; its leases are released")]
    public static partial void StoppedWithinGrace(ILogger logger, TimeSpan grace);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Shutdown grace of {Grace} ran out before the durable task worker stopped (is storage reachable?); exiting anyway and abandoning {Count} in-flight activities: {Activities}. Another replica picks them up once their queue visibility timeout and this worker's partition leases expire")]
    public static partial void AbandonedAtShutdown(ILogger logger, TimeSpan grace, int count, string activities);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "The durable task worker failed while stopping: {Reason}. Exiting anyway; another replica takes over its work once its leases expire")]
    public static partial void StopFailed(ILogger logger, string reason, Exception error);
}
