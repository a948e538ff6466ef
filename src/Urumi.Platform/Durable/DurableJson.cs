using System.Text.Json;

namespace Urumi.Platform.Durable;

/// <summary>
/// How both hosts write and read durable payloads (orchestration and activity inputs, outputs, custom
/// status): camelCase property names, the API's spelling, so a payload can be shown as stored. Names are
/// read case-insensitively, so history written before (with .NET's default PascalCase names) still reads.
/// Enums are left to their types: the ones with a string converter attribute are stored by name, as before.
/// </summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A stored payload as <typeparamref name="T"/>; null when there is none.</summary>
    /// <exception cref="JsonException">The payload is not a <typeparamref name="T"/> (e.g. a failed orchestration's plain-text output).</exception>
    public static T? Read<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
