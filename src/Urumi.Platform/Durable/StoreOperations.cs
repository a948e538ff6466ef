using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Urumi.Platform.Durable;

/// <summary>How store operations are started so that only one of each kind runs per store.</summary>
public static class StoreOperations
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// Every live instance of the task hub (one query, paged by the client), keyed by instance id: the
    /// admission and the store list read this once instead of looking instances up store by store.
    /// </summary>
    /// <param name="client">The task hub.</param>
    /// <param name="withInputs">Also fetch inputs and custom status (the store list shows pending stores' owners and progress).</param>
    /// <param name="cancellationToken">Request aborted.</param>
    public static async Task<Dictionary<string, OrchestrationMetadata>> ReadLiveAsync(DurableTaskClient client, bool withInputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var live = new Dictionary<string, OrchestrationMetadata>(StringComparer.Ordinal);
        var query = new OrchestrationQuery { Statuses = Live, FetchInputsAndOutputs = withInputs };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            live[instance.InstanceId] = instance;
        }

        return live;
    }

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
