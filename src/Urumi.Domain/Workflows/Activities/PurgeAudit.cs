using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>Removes audit entries older than the cutoff.</summary>
public sealed class PurgeAudit(IAuditRetention retention) : TaskActivity<PurgeInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, PurgeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return retention.RemoveOlderThanAsync(new DateTimeOffset(DateTime.SpecifyKind(input.Cutoff, DateTimeKind.Utc)), CancellationToken.None);
    }
}
