using System.Text.Json;
using Urumi.Domain;

namespace Urumi.Platform.Api;

/// <summary>Request parsing both hosts share, so a bad body gets the same 400 from either.</summary>
public static class ApiRequest
{
    /// <summary>An empty body is null (all fields optional); malformed JSON is a validation problem.</summary>
    public static (T? Body, ApiResult? Problem) ParseJson<T>(string? text)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(text, ApiResult.JsonOptions), null);
        }
        catch (JsonException error)
        {
            var where = error.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return (null, ApiResult.Invalid(new DomainValidationException("body", $"The request body is not valid JSON for this endpoint{where}.")));
        }
    }
}
