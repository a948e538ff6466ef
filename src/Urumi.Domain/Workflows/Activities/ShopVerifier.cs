using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

/// <summary>
/// The shop check both <see cref="VerifyShop"/> and a readiness wait that goes on to verify (<see cref="WaitForReady"/>)
/// run: the engine's checks through the ingress with the store's credentials (read here, never returned); when they
/// pass, the store is marked Ready, the "ready" audit row written and the operation's success counted.
/// </summary>
internal sealed class ShopVerifier(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics)
{
    /// <returns>The probe's answer: passed, "not yet" (<see cref="ShopVerification.Retryable"/>), or broken.</returns>
    public async Task<ShopVerification> VerifyAsync(string instanceId, VerifyShopInput input)
    {
        var naming = new StoreNaming(input.Store, input.BaseDomain);
        var engine = EngineCatalog.Find(input.Engine);
        var credentials = await cluster.ReadCredentialsAsync(naming.Namespace, naming.CredentialsSecret, CancellationToken.None);
        var result = await probe.VerifyAsync(new ShopProbeRequest(naming.Host, engine.Checks, naming.StoreUrl(input.PublicUrl)), credentials, CancellationToken.None);
        if (result.Passed)
        {
            await StoreStatusWriter.SetAsync(cluster, input.Store, StoreStatus.Ready, null);
            await audit.RecordAsync(input.Audit.Entry(Steps.Ready, input.Action, AuditOutcome.Succeeded, result.Detail), CancellationToken.None);
            if (input.Timing is { } timing)
            {
                metrics.OperationSucceeded(timing);
                UrumiTracing.Run(instanceId, input.Store, timing, "succeeded");
            }
        }

        return result;
    }
}
