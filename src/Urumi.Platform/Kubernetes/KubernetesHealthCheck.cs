using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Urumi.Platform.Kubernetes;

/// <summary>Health: the API server answers <c>GET /version</c>.</summary>
internal sealed class KubernetesHealthCheck(IKubernetesHealth cluster) : IHealthCheck
{
    public const string Name = "cluster";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        HealthCheckResult.Healthy(await cluster.PingAsync(cancellationToken));
}
