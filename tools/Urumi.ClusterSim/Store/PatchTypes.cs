namespace Urumi.ClusterSim.Store;

/// <summary>Content types of PATCH.</summary>
public static class PatchTypes
{
    public const string Apply = "application/apply-patch+yaml";
    public const string Merge = "application/merge-patch+json";
    public const string Strategic = "application/strategic-merge-patch+json";
    public const string Json = "application/json-patch+json";
}
