using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// One bounded readiness wait, going on to verify the shop once everything is ready when asked (<see cref="ReadinessCheck"/>);
/// the orchestrator loops these up to its deadline.
/// </summary>
public sealed class WaitForReady(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<WaitInput, ReadinessResult>
{
    private readonly ReadinessCheck check = new(cluster, probe, audit, metrics);

    public override async Task<ReadinessResult> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        return await check.WaitAsync(context.InstanceId, input);
    }
}
