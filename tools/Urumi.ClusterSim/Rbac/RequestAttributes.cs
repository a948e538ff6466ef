namespace Urumi.ClusterSim.Rbac;

/// <summary>
/// What a request asks to do, in the RBAC authorizer's terms: a resource request (verb, API group,
/// resource, subresource, namespace, name) or a non-resource request (verb and path).
/// </summary>
public sealed record RequestAttributes(string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name, string? Path = null)
{
    public bool IsResourceRequest => Path is null;

    public static RequestAttributes NonResource(string verb, string path) => new(verb, "", "", null, null, null, path);

    /// <summary>The resource as a rule names it: <c>pods</c> or <c>serviceaccounts/token</c>.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() => IsResourceRequest
        ? $"{Verb} {(ApiGroup.Length == 0 ? "" : ApiGroup + "/")}{ResourceWithSubresource}{(Name is null ? "" : " " + Name)}{(Namespace is null ? " (cluster scope)" : " in " + Namespace)}"
        : $"{Verb} {Path}";
}
