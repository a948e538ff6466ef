using Urumi.Platform.Api;

namespace Urumi.Platform.Kubernetes;

/// <summary>Health: the API server answers <c>GET /version</c>.</summary>
internal sealed class KubernetesHealthCheck(IKubernetesHealth cluster) : IDependencyCheck
{
    public string Name => "cluster";

    public Task<string> CheckAsync(CancellationToken cancellationToken) => cluster.PingAsync(cancellationToken);
}
