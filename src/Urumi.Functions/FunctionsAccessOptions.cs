namespace Urumi.Functions;

/// <summary>Section <c>Urumi:Functions</c>: which App Service principals are admins.</summary>
public sealed class FunctionsAccessOptions
{
    public const string SectionName = "Urumi:Functions";

    /// <summary>Principal names or ids (as App Service authentication passes them) whose callers are admins.</summary>
    public List<string> Admins { get; set; } = [];
}
