using Microsoft.DurableTask;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// Checks the shop through the ingress (<see cref="ShopVerifier"/>); when it works, marks the store Ready and
/// writes the "ready" audit row. "Not yet" (still booting, not routed) is thrown as a <see cref="TransientException"/>
/// so the retry policy backs off; a broken shop is returned. The workflows call it when the readiness wait's own
/// verification did not pass (<see cref="WaitForReady"/>). The credentials are read there and never leave it.
/// </summary>
public sealed class VerifyShop(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<VerifyShopInput, ShopVerification>
{
    private readonly ShopVerifier verifier = new(cluster, probe, audit, metrics);

    public override async Task<ShopVerification> RunAsync(TaskActivityContext context, VerifyShopInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var result = await verifier.VerifyAsync(context.InstanceId, input);
        if (!result.Passed && result.Retryable)
        {
            throw new TransientException($"The shop at {new StoreNaming(input.Store, input.BaseDomain).Host} is not answering yet ({result.Step}): {result.Detail}");
        }

        return result;
    }
}
