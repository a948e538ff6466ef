using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>
/// <c>GET /api/overview</c>: what the dashboard plots, for the caller's stores only (every store for an admin):
/// stores by phase and engine (from the store list the API already builds), and the last
/// <see cref="Recent"/> finished creates with duration and outcome, their p50/p95 time to Ready and success
/// rate. The creates are the task hub's finished <c>provision-*</c> instances (one per store name; one query,
/// no history read), so a store created again counts once, with its latest create.
/// </summary>
public sealed class StoreOverview(StoreQueries queries)
{
    /// <summary>How many finished creates the overview covers, newest first.</summary>
    public const int Recent = 50;

    private static readonly OrchestrationRuntimeStatus[] Finished = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed];

    public async Task<ApiResult> GetAsync(DurableTaskClient client, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var listed = await queries.ListAsync(client, actor, cancellationToken);
        if (listed.Body is not StoreList list)
        {
            return listed;
        }

        var phases = list.Stores
            .GroupBy(s => (s.Status, s.Engine))
            .Select(g => new PhaseCount(g.Key.Status, g.Key.Engine, g.Count()))
            .OrderBy(p => p.Status).ThenBy(p => p.Engine, StringComparer.Ordinal)
            .ToList();

        var query = new OrchestrationQuery { Statuses = Finished, InstanceIdPrefix = WorkflowIds.ProvisionPrefix, FetchInputsAndOutputs = true };
        var creates = new List<CreateOperation>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name != ProvisionStoreWorkflow.Name || instance.ReadInputAs<ProvisionStoreInput>() is not { } input || !actor.MayAccess(input.Spec.Owner))
            {
                continue;
            }

            var succeeded = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
            creates.Add(new CreateOperation(
                instance.InstanceId, input.Spec.Name.Value, input.Spec.Engine, input.Spec.Plan, instance.LastUpdatedAt,
                Math.Round(Math.Max(0, (instance.LastUpdatedAt - instance.CreatedAt).TotalSeconds), 1), succeeded ? "succeeded" : "failed"));
        }

        var recent = creates.OrderByDescending(c => c.FinishedAt).ThenBy(c => c.Store, StringComparer.Ordinal).Take(Recent).ToList();
        var toReady = recent.Where(c => c.Outcome == "succeeded").Select(c => c.DurationSeconds).Order().ToList();
        var summary = new CreateSummary(
            recent.Count,
            toReady.Count,
            recent.Count == 0 ? null : Math.Round((double)toReady.Count / recent.Count, 4),
            Percentile(toReady, 0.50),
            Percentile(toReady, 0.95));
        return ApiResult.Ok(new OverviewView(list.Stores.Count, phases, summary, recent), ("Cache-Control", "no-store"));
    }

    /// <summary>The nearest-rank percentile of sorted values (the smallest value with at least <paramref name="fraction"/> of them at or below it), rounded to 0.1 s; null for none.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1], 1);
    }
}
