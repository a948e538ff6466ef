using System.Text.Json;

namespace Urumi.Domain.Engines;

/// <summary>
/// Storage sizes are fixed when a store is created: a StatefulSet's volume claim templates cannot change and a
/// volume cannot shrink, so an upgrade to another plan keeps every <c>persistence.size</c> the running release
/// has and changes the rest (CPU, memory). The one place that knows this rule, for every engine's values.
/// </summary>
public static class StorageValues
{
    private const string Persistence = "persistence";
    private const string Size = "size";

    /// <summary>
    /// <paramref name="values"/> with each <c>…persistence.size</c> replaced by the one at the same path in
    /// <paramref name="currentJson"/> (the running release's values, <c>helm get values -o json</c>); sizes the
    /// current values lack are left as they are.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> KeepCurrent(IReadOnlyDictionary<string, object?> values, string? currentJson)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrWhiteSpace(currentJson))
        {
            return values;
        }

        using var current = JsonDocument.Parse(currentJson);
        return current.RootElement.ValueKind == JsonValueKind.Object ? Merge(values, current.RootElement) : values;
    }

    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> values, JsonElement current)
    {
        var merged = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var inCurrent = current.TryGetProperty(key, out var found) && found.ValueKind == JsonValueKind.Object;
            merged[key] = value switch
            {
                IReadOnlyDictionary<string, object?> nested when inCurrent && key == Persistence => KeepSize(nested, found),
                IReadOnlyDictionary<string, object?> nested when inCurrent => Merge(nested, found),
                _ => value,
            };
        }

        return merged;
    }

    private static Dictionary<string, object?> KeepSize(IReadOnlyDictionary<string, object?> persistence, JsonElement current)
    {
        var kept = new Dictionary<string, object?>(persistence, StringComparer.Ordinal);
        if (kept.ContainsKey(Size) && current.TryGetProperty(Size, out var size) && size.ValueKind == JsonValueKind.String)
        {
            kept[Size] = size.GetString();
        }

        return kept;
    }
}
