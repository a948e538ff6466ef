namespace Urumi.Server.Hosting;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Urumi.Server listening on http://{Endpoint} (task hub {Hub}, worker {Worker})")]
    public static partial void Listening(ILogger logger, string endpoint, string hub, string worker);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Bad request {Method} {Path}: {Status} {Reason}")]
    public static partial void BadRequest(ILogger logger, string method, string path, int status, string reason);
}
