using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Urumi.Domain;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary>Binds Functions HTTP requests to the shared handlers and writes their results back.</summary>
internal static class HttpBinding
{
    /// <summary>App Service authentication puts the signed-in principal here; anything else is anonymous.</summary>
    public static Actor ActorOf(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValues("X-MS-CLIENT-PRINCIPAL-NAME", out var names) && names.FirstOrDefault() is { Length: > 0 } name
            ? new Actor(name)
            : Actor.Anonymous;
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>. The Functions host forwards a body to the worker only
    /// when the request has a Content-Length: a chunked body arrives empty, and would silently read
    /// as "no fields given" (a create with a generated name), so it is refused with 411 instead.
    /// </summary>
    public static async Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(HttpRequestData request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (text.Length == 0 && request.Headers.TryGetValues("Transfer-Encoding", out var encodings) && encodings.Any(e => e.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, ApiResult.Problem(
                HttpStatusCode.LengthRequired, ProblemTypes.LengthRequired, "Content-Length required.",
                "The Azure Functions host does not pass chunked request bodies to the app: send the JSON body with a Content-Length header."));
        }

        return ApiRequest.ParseJson<T>(text);
    }

    public static int? IntQuery(HttpRequestData request, string name) =>
        int.TryParse(System.Web.HttpUtility.ParseQueryString(request.Url.Query)[name], out var value) ? value : null;

    public static string? Query(HttpRequestData request, string name) =>
        System.Web.HttpUtility.ParseQueryString(request.Url.Query)[name];

    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, ApiResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var response = request.CreateResponse((HttpStatusCode)result.Status);
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (result.Body is not null)
        {
            response.Headers.Add("Content-Type", result.ContentType + "; charset=utf-8");
            await response.WriteStringAsync(result.Serialize());
        }

        return response;
    }
}
