using Microsoft.DurableTask;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

/// <summary>
/// Provisions several stores as ProvisionStore sub-orchestrations (instance id <c>provision-{name}</c>),
/// at most <see cref="BatchProvisionInput.MaxParallel"/> at a time. One store failing does not stop the others.
/// </summary>
public static class BatchProvisionWorkflow
{
    public const string Name = "BatchProvision";

    public static async Task<BatchProvisionResult> RunAsync(TaskOrchestrationContext context, BatchProvisionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var window = Math.Max(1, input.MaxParallel);
        var results = new List<ProvisionStoreResult>(input.Stores.Count);
        var running = new Dictionary<Task<ProvisionStoreResult>, ProvisionStoreInput>();
        var next = 0;

        while (next < input.Stores.Count || running.Count > 0)
        {
            while (running.Count < window && next < input.Stores.Count)
            {
                var store = input.Stores[next++];
                var call = context.CallSubOrchestratorAsync<ProvisionStoreResult>(
                    ProvisionStoreWorkflow.Name, store, new SubOrchestrationOptions { InstanceId = WorkflowIds.Provision(store.Spec.Name) });
                running.Add(call, store);
            }

            var done = await Task.WhenAny(running.Keys);
            var finished = running[done];
            running.Remove(done);
            try
            {
                results.Add(await done);
            }
            catch (TaskFailedException failure)
            {
                results.Add(new ProvisionStoreResult(finished.Spec.Name, StoreStatus.Failed, null, null, Reasons.Of(failure), null));
            }

            context.SetCustomStatus(new BatchProgress(input.Stores.Count, results.Count, results.Count(r => r.Status == StoreStatus.Ready), results.Count(r => r.Status == StoreStatus.Failed)));
        }

        var ready = results.Count(r => r.Status == StoreStatus.Ready);
        context.CreateReplaySafeLogger("Urumi.Workflows.batch").BatchFinished(results.Count, ready, results.Count - ready);
        return new BatchProvisionResult(ready, results.Count - ready, results);
    }
}
