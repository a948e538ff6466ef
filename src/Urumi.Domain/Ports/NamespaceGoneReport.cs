namespace Urumi.Domain.Ports;

/// <summary>Whether a namespace is gone and, if not, what still holds it.</summary>
public sealed record NamespaceGoneReport(bool Gone, IReadOnlyList<string> BlockingFinalizers, IReadOnlyList<string> RemainingObjects)
{
    /// <summary>How many remaining objects an operator sentence names before it stops.</summary>
    private const int NamedObjects = 10;

    /// <summary>What keeps the namespace from going away, in words an operator can act on.</summary>
    public string DescribeBlockers()
    {
        var parts = new List<string>();
        if (BlockingFinalizers.Count > 0)
        {
            parts.Add("Blocked by finalizers: " + string.Join(", ", BlockingFinalizers) + ".");
        }

        if (RemainingObjects.Count > 0)
        {
            parts.Add("Remaining: " + string.Join(", ", RemainingObjects.Take(NamedObjects)) + ".");
        }

        return parts.Count == 0 ? "Nothing blocking was found; the namespace controller may be slow." : string.Join(" ", parts);
    }
}
