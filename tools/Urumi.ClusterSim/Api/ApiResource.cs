namespace Urumi.ClusterSim.Api;

/// <summary>One REST resource the simulator serves (e.g. <c>apps/v1 deployments</c>).</summary>
public sealed record ApiResource(string Group, string Version, string Plural, string Singular, string Kind, bool Namespaced, bool HasStatus, params string[] ShortNames)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Path prefix without leading slash: <c>api/v1</c> or <c>apis/apps/v1</c>.</summary>
    public string GroupVersionPath => Group.Length == 0 ? "api/v1" : $"apis/{Group}/{Version}";

    /// <summary>Name used in Status messages: <c>secrets</c> or <c>jobs.batch</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public override string ToString() => $"{ApiVersion} {Plural}";
}
