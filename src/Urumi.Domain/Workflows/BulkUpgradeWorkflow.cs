using Microsoft.DurableTask;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

/// <summary>
/// Rolls an upgrade out over several stores like a rollout: UpgradeStore sub-orchestrations (instance id
/// <c>upgrade-{name}</c>), at most <see cref="BulkUpgradeInput.Window"/> at a time, and no new one started once
/// <see cref="BulkUpgradeInput.StopAfterFailures"/> have failed (those left are skipped). Progress is the custom status.
/// </summary>
public static class BulkUpgradeWorkflow
{
    public const string Name = "BulkUpgrade";

    public static async Task<BulkUpgradeProgress> RunAsync(TaskOrchestrationContext context, BulkUpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var window = Math.Max(1, input.Window);
        var stopAfter = Math.Max(1, input.StopAfterFailures);
        var running = new Dictionary<Task<StoreChangeResult>, string>();
        var failures = new List<string>();
        var done = 0;
        var next = 0;
        var progress = new BulkUpgradeProgress(input.Stores.Count, 0, 0, 0, 0, []);
        context.SetCustomStatus(progress);

        while (running.Count > 0 || (next < input.Stores.Count && failures.Count < stopAfter))
        {
            while (running.Count < window && next < input.Stores.Count && failures.Count < stopAfter)
            {
                var store = input.Stores[next++];
                running.Add(
                    context.CallSubOrchestratorAsync<StoreChangeResult>(UpgradeStoreWorkflow.Name, store, new SubOrchestrationOptions { InstanceId = WorkflowIds.Upgrade(store.Spec.Name) }),
                    store.Spec.Name.Value);
            }

            var finished = await Task.WhenAny(running.Keys);
            var name = running[finished];
            running.Remove(finished);
            try
            {
                await finished;
                done++;
            }
            catch (TaskFailedException failure)
            {
                failures.Add(OperationProgress.Truncate($"{name}: {Reasons.Of(failure)}")!);
            }

            var skipped = failures.Count >= stopAfter ? input.Stores.Count - next : 0;
            progress = new BulkUpgradeProgress(input.Stores.Count, done, failures.Count, skipped, running.Count, failures);
            context.SetCustomStatus(progress);
        }

        return progress;
    }
}
