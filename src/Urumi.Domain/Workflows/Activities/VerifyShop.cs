using Microsoft.DurableTask;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

// An activity may run more than once for the same input (at-least-once delivery), so this one reads
// before it writes and treats "already done" as success.

/// <summary>
/// Checks the shop through the ingress; when it works, marks the store Ready and writes the "ready"
/// audit row. "Not yet" (still booting, not routed) is thrown as a <see cref="TransientException"/>
/// so the retry policy backs off; a broken shop is returned. The credentials are read here and
/// never leave this activity.
/// </summary>
public sealed class VerifyShop(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics) : TaskActivity<VerifyShopInput, ShopVerification>
{
    public override async Task<ShopVerification> RunAsync(TaskActivityContext context, VerifyShopInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = UrumiTracing.Step(context, input.Store);
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Engine);
        var credentials = await cluster.ReadCredentialsAsync(naming.Namespace, naming.CredentialsSecret, CancellationToken.None);
        var result = await probe.VerifyAsync(new ShopProbeRequest(naming.Host, engine.Checks, naming.StoreUrl(input.PublicUrl)), credentials, CancellationToken.None);
        if (!result.Passed && result.Retryable)
        {
            throw new TransientException($"The shop at {naming.Host} is not answering yet ({result.Step}): {result.Detail}");
        }

        if (result.Passed)
        {
            await StoreStatusWriter.SetAsync(cluster, input.Store, StoreStatus.Ready, null);
            await audit.RecordAsync(input.Audit.Entry(Steps.Ready, input.Action, AuditOutcome.Succeeded, result.Detail), CancellationToken.None);
            if (input.Timing is { } timing)
            {
                metrics.OperationSucceeded(timing);
                UrumiTracing.Run(context.InstanceId, input.Store, timing, "succeeded");
            }
        }

        return result;
    }
}
