using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Helm;

/// <summary>Reads helm v4's <c>-o json</c> output. Only the fields Urumi needs; values (<c>config</c>) are never read.</summary>
internal static partial class HelmJson
{
    public static HelmReleaseStatus ParseStatus(string? status) => status?.Trim().ToUpperInvariant() switch
    {
        "DEPLOYED" => HelmReleaseStatus.Deployed,
        "FAILED" => HelmReleaseStatus.Failed,
        "PENDING-INSTALL" => HelmReleaseStatus.PendingInstall,
        "PENDING-UPGRADE" => HelmReleaseStatus.PendingUpgrade,
        "PENDING-ROLLBACK" => HelmReleaseStatus.PendingRollback,
        "UNINSTALLING" => HelmReleaseStatus.Uninstalling,
        "UNINSTALLED" => HelmReleaseStatus.Uninstalled,
        "SUPERSEDED" => HelmReleaseStatus.Superseded,
        _ => HelmReleaseStatus.Unknown,
    };

    /// <summary>
    /// A release object as printed by <c>helm status|upgrade -o json</c>:
    /// <c>{"name","namespace","version",info:{status,last_deployed,description},chart:{metadata:{name,version}}}</c>.
    /// </summary>
    public static HelmRelease ParseRelease(string json)
    {
        using var document = JsonDocument.Parse(JsonObjectPart(json));
        var root = document.RootElement;
        var info = Property(root, "info");
        var metadata = Property(Property(root, "chart"), "metadata");
        var chartName = String(metadata, "name");
        var chartVersion = String(metadata, "version");
        var chart = chartName is null ? string.Empty : chartVersion is null ? chartName : $"{chartName}-{chartVersion}";
        return new HelmRelease(
            Name: String(root, "name") ?? string.Empty,
            Namespace: String(root, "namespace") ?? string.Empty,
            Revision: Int(root, "version") ?? 0,
            Status: ParseStatus(String(info, "status")),
            Chart: chart,
            Updated: ParseTime(String(info, "last_deployed")),
            Description: String(info, "description"));
    }

    /// <summary>
    /// <c>helm list -o json</c>: an array of <c>{name, namespace, revision (a string), updated (Go time text),
    /// status, chart ("name-version"), app_version}</c>.
    /// </summary>
    public static IReadOnlyList<HelmRelease> ParseList(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var releases = new List<HelmRelease>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            releases.Add(new HelmRelease(
                Name: String(item, "name") ?? string.Empty,
                Namespace: String(item, "namespace") ?? string.Empty,
                Revision: Int(item, "revision") ?? 0,
                Status: ParseStatus(String(item, "status")),
                Chart: String(item, "chart") ?? string.Empty,
                Updated: ParseTime(String(item, "updated")),
                Description: null));
        }

        return releases;
    }

    /// <summary><c>helm history -o json</c>: <c>[{revision, updated, status, chart, app_version, description}]</c>.</summary>
    public static IReadOnlyList<HelmRevision> ParseHistory(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var revisions = new List<HelmRevision>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            revisions.Add(new HelmRevision(
                Int(item, "revision") ?? 0,
                ParseStatus(String(item, "status")),
                ParseTime(String(item, "updated")),
                String(item, "description"),
                String(item, "chart")));
        }

        return revisions;
    }

    /// <summary>
    /// Parses RFC 3339 (JSON <c>time.Time</c>, up to 9 fractional digits) and Go's
    /// <c>time.String()</c> form used by <c>helm list</c> (<c>2026-01-02 15:04:05.123456789 +0000 UTC</c>).
    /// "-" and empty mean no time.
    /// </summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "-")
        {
            return null;
        }

        var go = GoTimeString().Match(text);
        if (go.Success)
        {
            var offset = go.Groups["offset"].Value;
            text = $"{go.Groups["date"].Value}T{go.Groups["time"].Value}{go.Groups["fraction"].Value}{offset[..3]}:{offset[3..]}";
        }

        // .NET reads at most 7 fractional digits; Go writes up to 9.
        text = LongFraction().Replace(text, m => m.Value[..8]);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;
    }

    /// <summary>helm may print a line of text before the JSON; start at the first brace.</summary>
    private static string JsonObjectPart(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new JsonException("helm printed no JSON object.");
        }

        return output[start..];
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement element, string name)
    {
        var value = Property(element, name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static int? Int(JsonElement element, string name)
    {
        var value = Property(element, name);
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)? (?<offset>[+-]\d{4})(?: \S+)?(?: m=\S+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GoTimeString();

    [GeneratedRegex(@"\.\d{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongFraction();
}
