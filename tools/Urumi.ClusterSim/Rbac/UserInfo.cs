namespace Urumi.ClusterSim.Rbac;

/// <summary>The authenticated caller of a request, as the API server names it (user name and groups).</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The user of the admin kubeconfig <see cref="ClusterSimulator.WriteKubeconfig"/> writes: a member of <c>system:masters</c>.</summary>
    public static UserInfo Admin { get; } = new("urumi-sim-admin", ["system:masters", "system:authenticated"]);

    /// <summary>A ServiceAccount's user: <c>system:serviceaccount:NS:NAME</c> with its groups.</summary>
    public static UserInfo ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);
}
