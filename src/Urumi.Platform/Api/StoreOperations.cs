using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Urumi.Platform.Api;

/// <summary>How store operations are started so that only one of each kind runs per store.</summary>
public static class StoreOperations
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// Start options that refuse a second start while an instance with the same id is live; a
    /// finished (completed, failed, terminated) instance is replaced, so a failed store can be retried.
    /// </summary>
    public static StartOrchestrationOptions StartOptions(string instanceId) =>
        new StartOrchestrationOptions(instanceId).WithDedupeStatuses(Live);

    public static bool IsLive(OrchestrationMetadata? instance) =>
        instance is not null && Live.Contains(instance.RuntimeStatus);

    /// <summary>True when a start was refused because the instance already exists and is live.</summary>
    public static bool IsAlreadyRunning(Exception? error) => error switch
    {
        null => false,
        global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException => true,
        RpcException { StatusCode: StatusCode.AlreadyExists } => true,
        _ => error.InnerException is not null && IsAlreadyRunning(error.InnerException),
    };
}
