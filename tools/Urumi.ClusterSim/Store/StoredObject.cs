using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>
/// One committed version of an object. Never mutated after commit: <see cref="Node"/> is read only
/// under the store's lock, <see cref="Json"/> (serialized once) is what the API writes out.
/// </summary>
public sealed class StoredObject
{
    internal StoredObject(ApiResource resource, JsonObject node)
    {
        Resource = resource;
        Node = node;
        Namespace = node.Namespace();
        Name = node.Name();
        Uid = node.Uid();
        ResourceVersion = node.Num("metadata", "resourceVersion") ?? 0;
        Json = Store.Json.Serialize(node);
    }

    public ApiResource Resource { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    internal JsonObject Node { get; }

    public byte[] Json { get; }

    /// <summary>A private, mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => Store.Json.Parse(Json);

    internal string Key => KeyOf(Namespace, Name);

    internal static string KeyOf(string? ns, string name) => $"{ns}/{name}";
}
