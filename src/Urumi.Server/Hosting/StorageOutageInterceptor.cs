using System.Net.Sockets;
using Azure;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Urumi.Server.Hosting;

/// <summary>
/// On the task hub's internal gRPC endpoint, a call that failed because storage did not answer
/// (Azurite stopped, the account unreachable or throttling) ends as <see cref="StatusCode.Unavailable"/>
/// with the reason, not as gRPC's opaque "Unknown": the API then answers 503 with Retry-After
/// (Urumi.Platform's ApiProblems) instead of 500.
/// </summary>
internal sealed partial class StorageOutageInterceptor(ILogger<StorageOutageInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (Outage(error) is { } reason)
        {
            LogOutage(logger, context.Method, reason);
            throw new RpcException(new Status(StatusCode.Unavailable, $"The task hub storage is unavailable: {reason}", error));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (Outage(error) is { } reason)
        {
            LogOutage(logger, context.Method, reason);
            throw new RpcException(new Status(StatusCode.Unavailable, $"The task hub storage is unavailable: {reason}", error));
        }
    }

    /// <summary>What says storage is out (the innermost cause), or null when <paramref name="error"/> is something else.</summary>
    internal static string? Outage(Exception error) => error switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } failed => failed.Status == 0 ? Innermost(failed).Message : $"{failed.Status} {failed.ErrorCode}",
        HttpRequestException or SocketException or TimeoutException => Innermost(error).Message,
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => Outage(e) is not null) => Outage(aggregate.InnerExceptions[^1]),
        { InnerException: { } inner } => Outage(inner),
        _ => null,
    };

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Task hub call {Method} failed: storage is unavailable ({Reason}); answered Unavailable")]
    private static partial void LogOutage(ILogger logger, string method, string reason);
}
