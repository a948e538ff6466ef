using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>Label selectors (equality and set-based) in their query-string form and as LabelSelector objects.</summary>
public static class LabelSelector
{
    public static Func<IReadOnlyDictionary<string, string>, bool> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => true;
        }

        var terms = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var raw in SplitTerms(text))
        {
            terms.Add(ParseTerm(raw.Trim()));
        }

        return labels => terms.TrueForAll(t => t(labels));
    }

    /// <summary>A <c>LabelSelector</c> object (matchLabels and matchExpressions); null matches nothing.</summary>
    public static Func<IReadOnlyDictionary<string, string>, bool> FromObject(JsonNode? selector)
    {
        if (selector is not JsonObject o)
        {
            return _ => false;
        }

        var matchLabels = Json.StringMap(o["matchLabels"]);
        var expressions = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        if (o["matchExpressions"] is JsonArray array)
        {
            foreach (var e in array.OfType<JsonObject>())
            {
                var key = e.Str("key") ?? "";
                var values = (e["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal) ?? [];
                expressions.Add(e.Str("operator") switch
                {
                    "In" => l => l.TryGetValue(key, out var v) && values.Contains(v),
                    "NotIn" => l => !l.TryGetValue(key, out var v) || !values.Contains(v),
                    "Exists" => l => l.ContainsKey(key),
                    "DoesNotExist" => l => !l.ContainsKey(key),
                    _ => _ => false,
                });
            }
        }

        return labels => matchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value) && expressions.TrueForAll(e => e(labels));
    }

    /// <summary>The query-string form of a matchLabels-only selector.</summary>
    public static string ToQuery(JsonNode? selector) =>
        string.Join(",", Json.StringMap(selector.At("matchLabels")).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        var setMatch = System.Text.RegularExpressions.Regex.Match(term, @"^\s*([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)\s*$");
        if (setMatch.Success)
        {
            var key = setMatch.Groups[1].Value;
            var values = setMatch.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return setMatch.Groups[2].Value == "in"
                ? l => l.TryGetValue(key, out var v) && values.Contains(v)
                : l => !l.TryGetValue(key, out var v) || !values.Contains(v);
        }

        if (term.Contains("!=", StringComparison.Ordinal))
        {
            var (key, value) = Split(term, "!=");
            return l => !l.TryGetValue(key, out var v) || v != value;
        }

        if (term.Contains("==", StringComparison.Ordinal))
        {
            var (key, value) = Split(term, "==");
            return l => l.TryGetValue(key, out var v) && v == value;
        }

        if (term.Contains('=', StringComparison.Ordinal))
        {
            var (key, value) = Split(term, "=");
            return l => l.TryGetValue(key, out var v) && v == value;
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return l => !l.ContainsKey(key);
        }

        if (term.Length == 0 || term.Any(c => c is ' ' or '(' or ')'))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label selector term \"{term}\"");
        }

        return l => l.ContainsKey(term);
    }

    private static (string Key, string Value) Split(string term, string op)
    {
        var index = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..index].Trim(), term[(index + op.Length)..].Trim());
    }
}
