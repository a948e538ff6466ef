namespace Urumi.Platform.Helm;

/// <summary>One helm command as logs and error messages name it.</summary>
internal sealed record HelmCall(string Verb, string Release, string Namespace)
{
    public string Describe() => Verb switch
    {
        "list" => "helm list of all releases",
        "lint" => $"helm lint of chart '{Release}'",
        _ => $"helm {Verb} of release '{Release}' in namespace '{Namespace}'",
    };
}
