using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Shop;

/// <summary>The log lines of every shop probe (one set of event ids, whatever the engine).</summary>
internal static partial class ShopProbeLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Verifying shop {Host} through the ingress at {IngressAddress}")]
    public static partial void ProbeStarting(ILogger logger, string host, Uri ingressAddress);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Shop {Host}: {Method} {Path} answered {StatusCode}")]
    public static partial void Response(ILogger logger, string host, string method, string path, int statusCode);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Shop {Host}: step {Step} passed")]
    public static partial void StepPassed(ILogger logger, string host, string step);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Shop {Host}: test order #{OrderId} placed")]
    public static partial void TestOrderPlaced(ILogger logger, string host, long orderId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Shop {Host} verified: {Detail}")]
    public static partial void ProbePassed(ILogger logger, string host, string detail);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Shop {Host} not ready at step {Step}: {Detail}")]
    public static partial void ProbeNotYet(ILogger logger, string host, string step, string detail);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Shop {Host} failed verification at step {Step}: {Detail}")]
    public static partial void ProbeFailed(ILogger logger, string host, string step, string detail);
}
