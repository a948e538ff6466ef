using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows.Activities;

/// <summary>
/// One bounded readiness wait and, when every workload is ready and the input asks for it
/// (<see cref="WaitInput.ThenVerify"/>), the shop check (<see cref="ShopVerifier"/>) in the same activity. A check
/// that cannot answer (an error on the way) is left to <see cref="VerifyShop"/> and its retry policy. Run by
/// <see cref="WaitForReady"/>, and by <see cref="InstallRelease"/> right after a provisioning's install.
/// </summary>
internal sealed class ReadinessCheck(ICluster cluster, IShopProbe probe, IAuditLog audit, UrumiMetrics metrics)
{
    private readonly ShopVerifier verifier = new(cluster, probe, audit, metrics);

    public async Task<ReadinessResult> WaitAsync(string instanceId, WaitInput input)
    {
        var readiness = await cluster.WaitForReadyAsync(new StoreNaming(input.Store, input.BaseDomain).Namespace, input.MaxWait, CancellationToken.None);
        if (!readiness.Ready || input.ThenVerify is not { } verify)
        {
            return new ReadinessResult(readiness);
        }

        try
        {
            // The verifying-shop step begins now: the readiness wait ended here, not when the orchestrator next runs.
            var timing = verify.Timing is { } started ? metrics.StepBegins(started, Steps.VerifyingShop) : null;
            return new ReadinessResult(readiness, await verifier.VerifyAsync(instanceId, verify with { Timing = timing }));
        }
        catch (Exception failure) when (failure is TransientException or PermanentException)
        {
            // VerifyShop runs the same check again, with its retries, and reports what fails.
            return new ReadinessResult(readiness);
        }
    }
}
