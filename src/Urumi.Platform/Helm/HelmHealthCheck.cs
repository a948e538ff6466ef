using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Urumi.Platform.Helm;

/// <summary>Health: the configured helm binary runs.</summary>
internal sealed class HelmHealthCheck(HelmCli helm) : IHealthCheck
{
    public const string Name = "helm";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        HealthCheckResult.Healthy(await helm.VersionAsync(cancellationToken));
}
