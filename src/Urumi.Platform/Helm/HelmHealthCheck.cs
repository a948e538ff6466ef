using Urumi.Platform.Api;

namespace Urumi.Platform.Helm;

/// <summary>Health: the configured helm binary runs.</summary>
internal sealed class HelmHealthCheck(HelmCli helm) : IDependencyCheck
{
    public string Name => "helm";

    public Task<string> CheckAsync(CancellationToken cancellationToken) => helm.VersionAsync(cancellationToken);
}
