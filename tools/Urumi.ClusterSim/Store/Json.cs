using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Urumi.ClusterSim.Store;

/// <summary>Small helpers over <see cref="JsonObject"/> Kubernetes objects.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Str(this JsonNode? node, params string[] path)
    {
        var value = node.At(path);
        return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Num(this JsonNode? node, params string[] path)
    {
        var value = node.At(path);
        if (value is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return (long)d;
        }

        return v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The object at <paramref name="path"/>, created (replacing non-objects) when missing.</summary>
    public static JsonObject Obj(this JsonObject node, params string[] path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current[segment] is not JsonObject next)
            {
                next = new JsonObject();
                current[segment] = next;
            }

            current = next;
        }

        return current;
    }

    public static JsonArray Arr(this JsonObject node, string name)
    {
        if (node[name] is not JsonArray array)
        {
            array = [];
            node[name] = array;
        }

        return array;
    }

    public static JsonObject Metadata(this JsonObject obj) => obj.Obj("metadata");

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name") ?? "";

    public static string? Namespace(this JsonObject obj) => obj.Str("metadata", "namespace");

    public static string Uid(this JsonObject obj) => obj.Str("metadata", "uid") ?? "";

    public static IReadOnlyDictionary<string, string> Labels(this JsonNode? obj) => StringMap(obj.At("metadata", "labels"));

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    map[key] = s;
                }
            }
        }

        return map;
    }

    public static JsonObject ToJsonObject(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map)
        {
            o[key] = value;
        }

        return o;
    }

    /// <summary>Drops null-valued properties recursively (the API server never stores them: typed decoding omits them).</summary>
    public static void RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    RemoveNulls(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    RemoveNulls(item);
                }

                break;
        }
    }

    public static JsonObject Clone(this JsonObject obj) => obj.DeepClone().AsObject();

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);

    public static JsonObject Parse(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8) as JsonObject ?? throw new JsonException("expected a JSON object");

    /// <summary>Sets or replaces the condition of <paramref name="type"/>; keeps lastTransitionTime when the status is unchanged.</summary>
    public static void SetCondition(JsonObject status, string type, bool value, string? reason, string? message, DateTimeOffset now, bool withProbeTime = false, bool withUpdateTime = false)
    {
        var conditions = status.Arr("conditions");
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        var text = value ? "True" : "False";
        var transition = existing is not null && existing.Str("status") == text ? existing.Str("lastTransitionTime") : Timestamp(now);
        var condition = new JsonObject { ["type"] = type, ["status"] = text };
        if (withProbeTime)
        {
            condition["lastProbeTime"] = null;
        }

        if (withUpdateTime)
        {
            condition["lastUpdateTime"] = existing is not null && existing.Str("status") == text && existing.Str("reason") == reason ? existing.Str("lastUpdateTime") : Timestamp(now);
        }

        condition["lastTransitionTime"] = transition;
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static void RemoveCondition(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions && conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type) is { } existing)
        {
            conditions.Remove(existing);
        }
    }

    public static bool HasCondition(JsonNode? obj, string type, string status = "True") =>
        obj.At("status", "conditions") is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c.Str("type") == type && c.Str("status") == status);
}
