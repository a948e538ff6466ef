using System.Collections;
using System.Text.Json;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Helm;

/// <summary>
/// The values of one helm call: JSON (valid YAML) for helm's stdin, so they never touch a disk or a
/// command line, and the strings among them, which are cut out of error messages.
/// </summary>
internal static class HelmValues
{
    public static ReadOnlyMemory<byte> ToStandardInput(IReadOnlyDictionary<string, object?> values) =>
        JsonSerializer.SerializeToUtf8Bytes(values);

    /// <summary>String leaves of the request's values (shorter than 4 characters or the release/namespace name excepted).</summary>
    public static List<string> Strings(HelmInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var strings = new List<string>();
        Collect(request.Values, strings);
        strings.RemoveAll(s => s.Length < 4 || s == request.Release || s == request.Namespace);
        return strings;
    }

    private static void Collect(object? value, List<string> strings)
    {
        switch (value)
        {
            case string text:
                strings.Add(text);
                break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                {
                    Collect(item, strings);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var pair in pairs)
                {
                    Collect(pair.Value, strings);
                }

                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var pair in pairs)
                {
                    Collect(pair.Value, strings);
                }

                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Collect(item, strings);
                }

                break;
            default:
                break;
        }
    }
}
