using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>
/// The patch flavours of the Kubernetes API over JSON objects. Strategic merge and server-side apply
/// are approximations: lists of objects merge by their <c>name</c> (or <c>port</c>/<c>containerPort</c>)
/// key, every other list is replaced; apply removes the fields the same manager applied last time
/// and no longer sends; no field ownership conflicts are detected.
/// </summary>
public static class Patches
{
    private static readonly string[] MergeKeys = ["name", "containerPort", "port", "mountPath", "devicePath", "ip", "topologyKey", "type"];

    /// <summary>RFC 7386 JSON merge patch.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.Clone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }

    /// <summary>Strategic merge: like a merge patch, but keyed lists of objects merge item by item.</summary>
    public static JsonNode? StrategicMerge(JsonNode? target, JsonNode? patch)
    {
        if (patch is JsonArray patchArray)
        {
            return target is JsonArray targetArray ? MergeList(targetArray, patchArray, StrategicMerge) : patchArray.DeepClone();
        }

        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.Clone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = StrategicMerge(result[key], value);
            }
        }

        return result;
    }

    /// <summary>
    /// Server-side apply by one manager: drop what <paramref name="previouslyApplied"/> set and
    /// <paramref name="applied"/> no longer does, then merge <paramref name="applied"/> in.
    /// </summary>
    public static JsonObject Apply(JsonObject live, JsonObject? previouslyApplied, JsonObject applied)
    {
        var pruned = previouslyApplied is null ? live.Clone() : (JsonObject)Prune(live, previouslyApplied, applied)!;
        return (JsonObject)ApplyMerge(pruned, applied)!;
    }

    private static JsonNode? ApplyMerge(JsonNode? target, JsonNode? applied)
    {
        if (applied is JsonArray appliedArray)
        {
            return target is JsonArray targetArray && KeyOf(appliedArray) is not null ? MergeList(targetArray, appliedArray, ApplyMerge, dropMissing: true) : appliedArray.DeepClone();
        }

        if (applied is not JsonObject appliedObject || target is not JsonObject targetObject)
        {
            return applied?.DeepClone();
        }

        var result = targetObject.Clone();
        foreach (var (key, value) in appliedObject)
        {
            result[key] = value is null ? null : ApplyMerge(result[key], value);
        }

        return result;
    }

    private static JsonNode? Prune(JsonNode? live, JsonNode? before, JsonNode? now)
    {
        if (live is not JsonObject liveObject || before is not JsonObject beforeObject)
        {
            return live?.DeepClone();
        }

        var result = liveObject.Clone();
        var nowObject = now as JsonObject;
        foreach (var (key, value) in beforeObject)
        {
            if (nowObject is null || !nowObject.ContainsKey(key))
            {
                if (key is not "apiVersion" and not "kind")
                {
                    result.Remove(key);
                }
            }
            else if (value is JsonObject)
            {
                result[key] = Prune(result[key], value, nowObject[key]);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, Func<JsonNode?, JsonNode?, JsonNode?> merge, bool dropMissing = false)
    {
        var key = KeyOf(patch) ?? KeyOf(target);
        if (key is null || !AllObjectsWith(target, key))
        {
            return (JsonArray)patch.DeepClone();
        }

        var result = new JsonArray();
        var patchByKey = patch.OfType<JsonObject>().ToDictionary(o => o[key]!.ToJsonString(), o => o, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in target.OfType<JsonObject>())
        {
            var id = item[key]!.ToJsonString();
            if (patchByKey.TryGetValue(id, out var patchItem))
            {
                seen.Add(id);
                if (patchItem.Str("$patch") == "delete")
                {
                    continue;
                }

                result.Add(merge(item, patchItem));
            }
            else if (!dropMissing)
            {
                result.Add(item.DeepClone());
            }
        }

        foreach (var item in patch.OfType<JsonObject>())
        {
            if (!seen.Contains(item[key]!.ToJsonString()) && item.Str("$patch") != "delete")
            {
                result.Add(merge(null, item));
            }
        }

        return result;
    }

    private static string? KeyOf(JsonArray array) =>
        array.Count == 0 ? null : MergeKeys.FirstOrDefault(k => AllObjectsWith(array, k));

    private static bool AllObjectsWith(JsonArray array, string key) =>
        array.All(n => n is JsonObject o && o[key] is JsonValue);

    /// <summary>RFC 6902 JSON patch: add, remove, replace, test, copy, move.</summary>
    public static JsonNode JsonPatch(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var path = op.Str("path") ?? throw ApiException.BadRequest("json patch operation without path");
            switch (op.Str("op"))
            {
                case "add":
                    Set(ref document, path, op["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    _ = Get(document, path) ?? throw ApiException.BadRequest($"replace operation does not apply: doc is missing path: {path}");
                    Set(ref document, path, op["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                case "copy":
                    Set(ref document, path, Get(document, op.Str("from") ?? "")?.DeepClone(), insert: true);
                    break;
                case "move":
                    var from = op.Str("from") ?? "";
                    var moved = Get(document, from)?.DeepClone();
                    Remove(document, from);
                    Set(ref document, path, moved, insert: true);
                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {op.Str("op")}");
            }
        }

        return document;
    }

    private static string[] Pointer(string path) =>
        path.Length == 0 ? [] : path.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Get(JsonNode? node, string path) => Get(node, Pointer(path));

    private static JsonNode? Get(JsonNode? node, string[] segments)
    {
        foreach (var segment in segments)
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static void Set(ref JsonNode document, string path, JsonNode? value, bool insert)
    {
        var segments = Pointer(path);
        if (segments.Length == 0)
        {
            document = value ?? throw ApiException.BadRequest("cannot replace the document with null");
            return;
        }

        var parent = Get(document, segments[..^1]) ?? throw ApiException.BadRequest($"add operation does not apply: doc is missing path: {path}");
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw ApiException.BadRequest($"add operation does not apply: doc is missing path: {path}");
        }
    }

    private static void Remove(JsonNode document, string path)
    {
        var segments = Pointer(path);
        var parent = Get(document, segments[..^1]);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw ApiException.BadRequest($"remove operation does not apply: doc is missing path: {path}");
        }
    }
}
