namespace Urumi.Platform.Kubernetes;

/// <summary>A cheap reachability check of the API server for health endpoints.</summary>
public interface IKubernetesHealth
{
    /// <summary>Calls <c>GET /version</c> and returns the server's git version (e.g. <c>v1.35.0</c>).</summary>
    Task<string> PingAsync(CancellationToken cancellationToken = default);
}
