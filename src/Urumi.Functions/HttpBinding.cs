using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Urumi.Domain;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary>Binds Functions HTTP requests to the shared handlers and writes their results back.</summary>
internal static class HttpBinding
{
    /// <summary>
    /// The body as <typeparamref name="T"/>. The Functions host forwards a body to the worker only
    /// when the request has a Content-Length: a chunked body arrives empty, and would silently read
    /// as "no fields given" (a create with a generated name), so it is refused with 411 instead.
    /// </summary>
    public static Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(HttpRequestData request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var length = long.TryParse(Header(request, "Content-Length"), out var parsed) ? parsed : (long?)null;
        if (length is null && Header(request, "Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<(T?, ApiResult?)>((null, ApiResult.Problem(
                HttpStatusCode.LengthRequired, ProblemTypes.LengthRequired, "Content-Length required.",
                "The Azure Functions host does not pass chunked request bodies to the app: send the JSON body with a Content-Length header.")));
        }

        return ApiRequest.ReadJsonAsync<T>(Header(request, "Content-Type"), length, request.Body, request.FunctionContext.CancellationToken);
    }

    /// <summary>The first value of a request header, or null.</summary>
    public static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The cross-site rule of <see cref="BrowserGuard"/>, applied to every API trigger by <see cref="CrossSiteMiddleware"/>.</summary>
    public static ApiResult? CrossSite(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BrowserGuard.CheckSite(request.Method, request.Url.Authority, Header(request, "Origin"), Header(request, "Sec-Fetch-Site"));
    }

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

        foreach (var (name, value) in BrowserGuard.ResponseHeaders)
        {
            response.Headers.Add(name, value);
        }

        if (!result.Headers.ContainsKey("Cache-Control"))
        {
            response.Headers.Add("Cache-Control", "no-store");
        }

        if (result.Body is not null)
        {
            response.Headers.Add("Content-Type", result.ContentType + "; charset=utf-8");
            await response.WriteStringAsync(result.Serialize());
        }

        return response;
    }
}
