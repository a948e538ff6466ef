using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>Field selectors: <c>a.b=c</c>, <c>a.b==c</c>, <c>a.b!=c</c> over any dotted path of the object.</summary>
public static class FieldSelector
{
    public static Func<JsonObject, bool> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => true;
        }

        var terms = new List<Func<JsonObject, bool>>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var negate = raw.Contains("!=", StringComparison.Ordinal);
            var op = negate ? "!=" : raw.Contains("==", StringComparison.Ordinal) ? "==" : "=";
            var index = raw.IndexOf(op, StringComparison.Ordinal);
            if (index <= 0)
            {
                throw ApiException.BadRequest($"invalid selector: '{raw}'; can't understand '{raw}'");
            }

            var path = raw[..index].Trim().Split('.');
            var expected = raw[(index + op.Length)..].Trim();
            terms.Add(obj =>
            {
                var actual = Value(obj.At(path));
                return negate ? actual != expected : actual == expected;
            });
        }

        return obj => terms.TrueForAll(t => t(obj));
    }

    private static string Value(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
