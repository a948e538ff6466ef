namespace Urumi.ClusterSim;

/// <summary>How a simulator instance listens and how fast its fake cluster moves.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Kubernetes API port on 127.0.0.1; 0 picks a free one.</summary>
    public int ApiPort { get; set; }

    /// <summary>Ingress (WooCommerce emulation) port on 127.0.0.1; 0 picks a free one.</summary>
    public int IngressPort { get; set; }

    /// <summary>Time from a pod's creation to Ready (per-namespace override: the ReadyDelay fault).</summary>
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time from a PVC's creation to Bound.</summary>
    public TimeSpan BindDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Authenticates every API request by its bearer token and authorizes it with RBAC (off by
    /// default: then every caller may do anything). The admin kubeconfig keeps full access.
    /// </summary>
    public bool EnforceRbac { get; set; }

    /// <summary>Logs every API request at Information (otherwise Debug).</summary>
    public bool LogRequests { get; set; }
}
