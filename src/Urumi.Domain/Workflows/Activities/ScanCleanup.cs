using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>Reads the cluster, Helm and the task hub, and returns the plan of a cleanup tick. Changes nothing.</summary>
public sealed class ScanCleanup(ICluster cluster, IHelm helm, IOperationHistory operations) : TaskActivity<CleanupScanInput, IReadOnlyList<CleanupCandidate>>
{
    public override async Task<IReadOnlyList<CleanupCandidate>> RunAsync(TaskActivityContext context, CleanupScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stores = await cluster.ListStoresAsync(CancellationToken.None);
        var namespaces = await cluster.ListNamespacesAsync(CancellationToken.None);
        var releases = await helm.ListAsync(CancellationToken.None);
        var live = await operations.ListLiveAsync(CancellationToken.None);
        var now = new DateTimeOffset(DateTime.SpecifyKind(input.Now, DateTimeKind.Utc));
        var plan = CleanupPlanner.Plan(new CleanupSnapshot(stores, namespaces, releases, live), input.Policy, now);

        // A terminating namespace is reported with what blocks it: one look, no waiting, never forced.
        var described = new List<CleanupCandidate>(plan.Count);
        foreach (var candidate in plan)
        {
            if (candidate.Kind != CleanupKind.TerminatingNamespace)
            {
                described.Add(candidate);
                continue;
            }

            var report = await cluster.WaitForNamespaceGoneAsync(candidate.Target, TimeSpan.Zero, CancellationToken.None);
            if (!report.Gone)
            {
                described.Add(candidate with { Reason = candidate.Reason + " " + report.DescribeBlockers() + " Urumi does not remove finalizers; resolve them by hand." });
            }
        }

        return described;
    }
}
