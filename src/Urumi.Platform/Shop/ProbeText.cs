using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Urumi.Platform.Shop;

/// <summary>How every shop probe words what it saw: status codes, API error messages, long text.</summary>
internal static class ProbeText
{
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static bool LooksLikeJson(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        return trimmed.StartsWith("{") || trimmed.StartsWith("[");
    }

    public static string Describe(HttpStatusCode status) =>
        Enum.IsDefined(status)
            ? $"{((int)status).ToString(CultureInfo.InvariantCulture)} {status}"
            : ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary>The API error's <c>message</c> (WordPress and Medusa both use that member), as ": message", or empty.</summary>
    public static string ApiMessage(string body)
    {
        if (!LooksLikeJson(body))
        {
            return "";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(message.GetString())
                ? ": " + Shorten(message.GetString()!)
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");

    public static string PathOnly(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? path : path[..query];
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool IsFalse(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.False;

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
