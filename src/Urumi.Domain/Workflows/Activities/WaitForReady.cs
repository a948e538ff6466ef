using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// One bounded readiness wait; the orchestrator loops these up to its deadline. When every workload is ready and
/// the input asks for it (<see cref="WaitInput.ThenVerify"/>), goes on to verify the shop (<see cref="ShopVerifier"/>)
/// in the same round trip; a check that cannot answer (an error on the way) is left to <see cref="VerifyShop"/>
/// and its retry policy.
/// </summary>
public sealed class WaitForReady(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<WaitInput, ReadinessResult>
{
    private readonly ShopVerifier verifier = new(cluster, probe, audit, metrics);

    public override async Task<ReadinessResult> RunAsync(TaskActivityContext context, WaitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var readiness = await cluster.WaitForReadyAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
        if (!readiness.Ready || input.ThenVerify is not { } verify)
        {
            return new ReadinessResult(readiness);
        }

        try
        {
            // The verifying-shop step begins now: the readiness wait ended here, not when the orchestrator next runs.
            var timing = verify.Timing is { } started ? metrics.StepBegins(started, Steps.VerifyingShop) : null;
            return new ReadinessResult(readiness, await verifier.VerifyAsync(context.InstanceId, verify with { Timing = timing }));
        }
        catch (Exception failure) when (failure is TransientException or PermanentException)
        {
            // VerifyShop runs the same check again, with its retries, and reports what fails.
            return new ReadinessResult(readiness);
        }
    }
}
