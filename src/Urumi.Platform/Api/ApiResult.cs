using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Urumi.Domain;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Platform.Api;

/// <summary>
/// A host-neutral HTTP answer. The Functions app and Urumi.Server each turn it into their own
/// response type, so every rule about status codes, headers and bodies lives here once.
/// </summary>
public sealed record ApiResult(int Status, object? Body, IReadOnlyDictionary<string, string> Headers)
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // One spelling per value on the wire, kept as shipped: the cleanup report's kinds, actions and
        // outcomes by their C# names ("Done", "StuckRelease"; the dashboard, the tests and scripts compare
        // them), every other enum in camelCase ("ready"). The first converter that handles a type wins.
        Converters =
        {
            new JsonStringEnumConverter<CleanupKind>(),
            new JsonStringEnumConverter<CleanupAction>(),
            new JsonStringEnumConverter<CleanupOutcome>(),
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase),
        },
    };

    public string ContentType => Body is ProblemBody ? ProblemJson : Json;

    public static ApiResult Ok(object body, params (string Name, string Value)[] headers) => new(200, body, ToHeaders(headers));

    public static ApiResult Accepted(object body, string location, int retryAfterSeconds) =>
        new(202, body, ToHeaders([("Location", location), ApiProblems.RetryAfter(retryAfterSeconds)]));

    /// <summary>202 without a new Location: the operation read is still running; poll again after <paramref name="retryAfterSeconds"/>.</summary>
    public static ApiResult StillRunning(object body, int retryAfterSeconds) => new(202, body, ToHeaders([ApiProblems.RetryAfter(retryAfterSeconds)]));

    public static ApiResult Problem(HttpStatusCode status, string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null, params (string Name, string Value)[] headers) =>
        new((int)status, new ProblemBody(type, title, (int)status, detail, errors), ToHeaders(headers));

    public static ApiResult Invalid(DomainValidationException error) =>
        Problem(HttpStatusCode.BadRequest, ProblemTypes.Validation, "The request is not valid.", error.Message,
            new Dictionary<string, string[]> { [error.Field] = [error.Message] });

    public static ApiResult NotFound(string detail) => Problem(HttpStatusCode.NotFound, ProblemTypes.NotFound, "Not found.", detail);

    public string Serialize() => Body is null ? string.Empty : JsonSerializer.Serialize(Body, Body.GetType(), JsonOptions);

    private static Dictionary<string, string> ToHeaders((string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
}
