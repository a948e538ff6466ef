using System.Text.RegularExpressions;

namespace Urumi.Testing;

/// <summary>Reads the Functions host's console log (<c>warn: Category[id]</c> headers, message lines indented below).</summary>
public static partial class FunctionsLog
{
    /// <summary>
    /// Warnings and errors whose category is one of the app's functions (<c>Function.{name}</c> for
    /// the host's view of an invocation, <c>Function.{name}.User</c> for what our code logged), each
    /// with its first message line.
    /// </summary>
    public static IReadOnlyList<string> WarningsAndErrorsFromApp(string output)
    {
        var lines = output.Split('\n');
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var header = Header().Match(lines[i]);
            if (header.Success && header.Groups["level"].Value is "warn" or "fail" or "crit" && header.Groups["category"].Value.StartsWith("Function.", StringComparison.Ordinal))
            {
                found.Add(lines[i] + (i + 1 < lines.Length ? " " + lines[i + 1].Trim() : ""));
            }
        }

        return found;
    }

    [GeneratedRegex(@"^(?<level>[a-z]{4}): (?<category>[^\[\s]+)\[\d+\]")]
    private static partial Regex Header();
}
