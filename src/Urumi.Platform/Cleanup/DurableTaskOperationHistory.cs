using Microsoft.DurableTask.Client;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Cleanup;

/// <summary>
/// <see cref="IOperationHistory"/> over a <see cref="DurableTaskClient"/>. Urumi.Server registers it
/// over the client in DI; the Functions app builds one per activity call from a <c>[DurableClient]</c>
/// binding, because the isolated worker has no client outside bindings.
/// </summary>
public sealed class DurableTaskOperationHistory(DurableTaskClient client) : IOperationHistory
{
    /// <summary>Azure Storage rejects times before 1601; nothing of ours is older than this.</summary>
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<IReadOnlyList<string>> ListLiveAsync(CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
            FetchInputsAndOutputs = false,
        };
        var live = new List<string>();
        try
        {
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                live.Add(instance.InstanceId);
            }
        }
        catch (Exception error) when (IsTransient(error))
        {
            throw new TransientException($"The task hub did not list the running operations: {error.Message}", error);
        }

        return live;
    }

    public async Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        if (createdBefore <= Epoch)
        {
            return 0;
        }

        var filter = new PurgeInstancesFilter(Epoch, createdBefore,
            [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]);
        try
        {
            var result = await client.PurgeAllInstancesAsync(filter, cancellationToken);
            return result.PurgedInstanceCount;
        }
        catch (Exception error) when (IsTransient(error))
        {
            throw new TransientException($"The task hub did not purge the history: {error.Message}", error);
        }
    }

    private static bool IsTransient(Exception error) =>
        error is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.Unknown }
            or HttpRequestException or TimeoutException;
}
