using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Urumi.Domain;

namespace Urumi.Platform.Api;

/// <summary>
/// The request contract both hosts share, so a bad body gets the same refusal from either:
/// <c>application/json</c> only (415), at most <see cref="MaxBodyBytes"/> (413), one JSON object
/// whose members are all known and appear once, with numbers that are numbers (400 naming the member).
/// </summary>
public static class ApiRequest
{
    /// <summary>The largest request body read: a 50-store batch needs about 4 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Strict = new(ApiResult.JsonOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Reads and parses a JSON body. An empty body without a content type is null (every field is
    /// optional); anything else must be <c>application/json</c>.
    /// </summary>
    /// <param name="contentType">The request's Content-Type header, if any.</param>
    /// <param name="contentLength">The request's Content-Length header, if any.</param>
    /// <param name="body">The request body stream.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    public static async Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(string? contentType, long? contentLength, Stream body, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (contentType is not null && !IsJson(contentType))
        {
            return (null, UnsupportedMediaType(contentType));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, null);
        }

        return contentType is null ? (null, UnsupportedMediaType(null)) : Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Parses UTF-8 JSON strictly; exposed for tests of the contract itself.</summary>
    public static (T? Body, ApiResult? Problem) Parse<T>(ReadOnlySpan<byte> utf8)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Strict) is { } value
                ? (value, null)
                : (null, Invalid("body", "The request body must be a JSON object, not null."));
        }
        catch (JsonException error)
        {
            return (null, Explain(error));
        }
    }

    /// <summary>Says which member is wrong and how, in words a caller can act on.</summary>
    private static ApiResult Explain(JsonException error)
    {
        var path = error.Path is { Length: > 1 } p ? p : "$";
        var member = path == "$" ? "body" : path.TrimStart('$', '.');
        var message = error.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return Invalid(member, $"'{member}' is not a member of this request; remove it (members are listed in the README's HTTP API table).");
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid(member, $"'{member}' appears more than once (names are compared ignoring case); send it once.");
        }

        if (error.InnerException is FormatException || message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return Invalid(member, path == "$"
                ? "The request body must be a JSON object."
                : $"'{member}' has the wrong type: names, engines and plans are strings, expiresInHours is a whole number, stores is an array of objects.");
        }

        return Invalid(member, path == "$"
            ? "The request body is not valid JSON."
            : $"The request body is not valid JSON at '{member}'.");
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    private static ApiResult Invalid(string member, string detail) => ApiResult.Invalid(new DomainValidationException(member, detail));

    private static ApiResult TooLarge() =>
        ApiResult.Problem(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large.",
            $"A request body may be at most {MaxBodyBytes / 1024} KiB.");

    private static ApiResult UnsupportedMediaType(string? contentType) =>
        ApiResult.Problem(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The request body must be JSON.",
            contentType is null
                ? "Send the body with Content-Type: application/json."
                : $"Content-Type '{contentType}' is not accepted; send application/json (UTF-8).");
}
