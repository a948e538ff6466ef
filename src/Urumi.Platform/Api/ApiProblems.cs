using System.Globalization;
using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Urumi.Domain;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Api;

/// <summary>
/// The problem answers every handler shares (stores, cleanup, health) and the one place that turns a
/// failing dependency into one: a dependency that fails (cluster, storage, task hub) becomes a 503
/// naming it instead of a bare 500, so the operator reads what is down and a client knows to retry
/// the transient kind. The <c>Retry-After</c> values of these answers are here too.
/// </summary>
public sealed partial class ApiProblems(ILogger<ApiProblems> logger)
{
    /// <summary>Seconds a client waits before retrying after a transient dependency failure.</summary>
    public const int DependencyRetryAfterSeconds = 10;

    /// <summary>Runs a handler, mapping dependency failures to 503 problems (everything else propagates).</summary>
    public async Task<ApiResult> GuardAsync(Func<Task<ApiResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return await handle();
        }
        catch (Exception error) when (FromException(error) is { } problem)
        {
            LogDependencyFailed(logger, error is RpcException rpc ? rpc.Status.Detail : error.Message);
            return problem;
        }
    }

    /// <summary>The problem a dependency failure answers as, or null when <paramref name="error"/> is not one.</summary>
    public static ApiResult? FromException(Exception error) => error switch
    {
        TransientException => ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "A dependency is unavailable; try again shortly.",
            error.Message, null, RetryAfter(DependencyRetryAfterSeconds)),
        PermanentException => ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "A dependency refused the request.", error.Message),
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal } rpc =>
            ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "The durable task hub is unavailable; try again shortly.",
                $"The task hub did not answer: {rpc.Status.Detail}", null, RetryAfter(DependencyRetryAfterSeconds)),
        _ => null,
    };

    /// <param name="name">The store.</param>
    /// <param name="operationId">The operation that holds it.</param>
    public static ApiResult OperationRunning(StoreName name, string operationId) =>
        ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.OperationRunning, "An operation is already running for this store.",
            $"Store '{name}' has an operation running ({operationId}); wait for it to finish.", null,
            ("Location", ApiLinks.Operation(operationId)));

    public static ApiResult NoStore(StoreName name) => ApiResult.NotFound($"There is no store named '{name}'.");

    /// <param name="actor">Who asked.</param>
    /// <param name="limit">Creates per minute allowed.</param>
    /// <param name="wait">How long until the next create is admitted.</param>
    public static ApiResult RateLimited(Actor actor, int limit, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return ApiResult.Problem(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited, "Too many requests.",
            $"{actor.Name} may create at most {limit} stores per minute; try again in {seconds} s.", null, RetryAfter(seconds));
    }

    public static (string Name, string Value) RetryAfter(int seconds) => ("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Request failed on a dependency: {Reason}")]
    private static partial void LogDependencyFailed(ILogger logger, string reason);
}
