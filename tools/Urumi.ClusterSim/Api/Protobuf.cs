using System.Text;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Api;

/// <summary>
/// Decodes the Kubernetes protobuf bodies Helm sends: the <c>k8s\0</c> envelope
/// (<c>runtime.Unknown</c>) around a Secret or ConfigMap (release storage) or DeleteOptions, into
/// the JSON the rest of the simulator works with. Empty strings on the wire mean "unset".
/// </summary>
internal static class Protobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || !body[..4].SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("protobuf body without the k8s envelope");
        }

        string? apiVersion = null;
        string? kind = null;
        byte[] raw = [];
        var reader = new Reader(body[4..].ToArray());
        while (reader.Next(out var field, out var value))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = new Reader(value!);
                    while (typeMeta.Next(out var f, out var v))
                    {
                        if (f == 1)
                        {
                            apiVersion = Text(v);
                        }
                        else if (f == 2)
                        {
                            kind = Text(v);
                        }
                    }

                    break;
                case 2:
                    raw = value!;
                    break;
            }
        }

        JsonObject obj = kind switch
        {
            "Secret" => Secret(raw),
            "ConfigMap" => ConfigMap(raw),
            "DeleteOptions" => DeleteOptions(raw),
            "Namespace" => Namespace(raw),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the simulator decodes protobuf only for Secret, ConfigMap, Namespace and DeleteOptions, not {kind}"),
        };
        obj["apiVersion"] = string.IsNullOrEmpty(apiVersion) ? "v1" : apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Secret(byte[] raw)
    {
        var obj = new JsonObject();
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var value, out var number))
        {
            switch (field)
            {
                case 1:
                    obj["metadata"] = ObjectMeta(value!);
                    break;
                case 2:
                    var (key, bytes) = MapEntry(value!);
                    obj.Obj("data")[key] = Convert.ToBase64String(bytes);
                    break;
                case 3:
                    obj["type"] = Text(value);
                    break;
                case 4:
                    var (sk, sv) = MapEntry(value!);
                    obj.Obj("stringData")[sk] = Encoding.UTF8.GetString(sv);
                    break;
                case 5:
                    obj["immutable"] = number != 0;
                    break;
            }
        }

        return obj;
    }

    private static JsonObject ConfigMap(byte[] raw)
    {
        var obj = new JsonObject();
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var value, out var number))
        {
            switch (field)
            {
                case 1:
                    obj["metadata"] = ObjectMeta(value!);
                    break;
                case 2:
                    var (key, text) = MapEntry(value!);
                    obj.Obj("data")[key] = Encoding.UTF8.GetString(text);
                    break;
                case 3:
                    var (bk, bytes) = MapEntry(value!);
                    obj.Obj("binaryData")[bk] = Convert.ToBase64String(bytes);
                    break;
                case 4:
                    obj["immutable"] = number != 0;
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Namespace(byte[] raw)
    {
        var obj = new JsonObject();
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var value))
        {
            if (field == 1)
            {
                obj["metadata"] = ObjectMeta(value!);
            }
            else if (field == 2)
            {
                var spec = new Reader(value!);
                while (spec.Next(out var f, out var v))
                {
                    if (f == 1)
                    {
                        obj.Obj("spec").Arr("finalizers").Add(Text(v));
                    }
                }
            }
        }

        return obj;
    }

    private static JsonObject DeleteOptions(byte[] raw)
    {
        var obj = new JsonObject();
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var value, out var number))
        {
            switch (field)
            {
                case 1:
                    obj["gracePeriodSeconds"] = (long)number;
                    break;
                case 2:
                    var preconditions = new JsonObject();
                    var p = new Reader(value!);
                    while (p.Next(out var f, out var v))
                    {
                        if (Text(v) is { Length: > 0 } s)
                        {
                            preconditions[f == 1 ? "uid" : "resourceVersion"] = s;
                        }
                    }

                    obj["preconditions"] = preconditions;
                    break;
                case 3:
                    obj["orphanDependents"] = number != 0;
                    break;
                case 4:
                    obj["propagationPolicy"] = Text(value);
                    break;
                case 5:
                    obj.Arr("dryRun").Add(Text(value));
                    break;
            }
        }

        return obj;
    }

    private static JsonObject ObjectMeta(byte[] raw)
    {
        var meta = new JsonObject();
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var value, out var number))
        {
            switch (field)
            {
                case 1:
                    Set(meta, "name", Text(value));
                    break;
                case 2:
                    Set(meta, "generateName", Text(value));
                    break;
                case 3:
                    Set(meta, "namespace", Text(value));
                    break;
                case 5:
                    Set(meta, "uid", Text(value));
                    break;
                case 6:
                    Set(meta, "resourceVersion", Text(value));
                    break;
                case 7:
                    if (number != 0)
                    {
                        meta["generation"] = (long)number;
                    }

                    break;
                case 11:
                case 12:
                    var (key, text) = MapEntry(value!);
                    meta.Obj(field == 11 ? "labels" : "annotations")[key] = Encoding.UTF8.GetString(text);
                    break;
                case 14:
                    meta.Arr("finalizers").Add(Text(value));
                    break;
            }
        }

        return meta;
    }

    private static void Set(JsonObject obj, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            obj[name] = value;
        }
    }

    private static (string Key, byte[] Value) MapEntry(byte[] raw)
    {
        var key = "";
        byte[] value = [];
        var reader = new Reader(raw);
        while (reader.Next(out var field, out var bytes))
        {
            if (field == 1)
            {
                key = Text(bytes) ?? "";
            }
            else if (field == 2)
            {
                value = bytes ?? [];
            }
        }

        return (key, value);
    }

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    /// <summary>A protobuf wire-format reader: varints and length-delimited fields (others skipped).</summary>
    private sealed class Reader(byte[] data)
    {
        private int position;

        public bool Next(out int field, out byte[]? bytes) => Next(out field, out bytes, out _);

        public bool Next(out int field, out byte[]? bytes, out ulong number)
        {
            bytes = null;
            number = 0;
            field = 0;
            if (position >= data.Length)
            {
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    number = Varint();
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint();
                    bytes = data.AsSpan(position, length).ToArray();
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw ApiException.BadRequest("unsupported protobuf wire type");
            }

            return true;
        }

        private ulong Varint()
        {
            ulong result = 0;
            var shift = 0;
            while (true)
            {
                var b = data[position++];
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }

                shift += 7;
            }
        }
    }
}
