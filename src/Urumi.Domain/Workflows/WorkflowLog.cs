using Microsoft.Extensions.Logging;

namespace Urumi.Domain.Workflows;

/// <summary>Workflow log lines. Orchestrators call these on replay-safe loggers only.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Provisioning store {Store} ({Engine}, plan {Plan}) for {Actor}")]
    public static partial void ProvisionStarted(this ILogger logger, string store, string engine, string plan, string actor);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Store {Store}: {Step} ({Percent}%) {Message}")]
    public static partial void StepReached(this ILogger logger, string store, string step, int percent, string message);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Store {Store} is Ready at {Host}")]
    public static partial void StoreReady(this ILogger logger, string store, string host);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Operation {Operation} on store {Store} failed: {Reason}")]
    public static partial void OperationFailed(this ILogger logger, string operation, string store, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Compensation for store {Store} failed: {Reason}")]
    public static partial void CompensationFailed(this ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Deleting store {Store} for {Actor}: {Reason}")]
    public static partial void DeleteStarted(this ILogger logger, string store, string actor, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Store {Store} deleted")]
    public static partial void StoreDeleted(this ILogger logger, string store);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Batch of {Count} stores finished: {Ready} ready, {Failed} failed")]
    public static partial void BatchFinished(this ILogger logger, int count, int ready, int failed);
}
