using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary>Binds Functions HTTP requests to the shared handlers and writes their results back.</summary>
internal static class HttpBinding
{
    public static Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(HttpRequestData request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null;
        var length = request.Headers.TryGetValues("Content-Length", out var lengths) && long.TryParse(lengths.FirstOrDefault(), out var parsed) ? parsed : (long?)null;
        return ApiRequest.ReadJsonAsync<T>(contentType, length, request.Body, request.FunctionContext.CancellationToken);
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

        if (result.Body is not null)
        {
            response.Headers.Add("Content-Type", result.ContentType + "; charset=utf-8");
            await response.WriteStringAsync(result.Serialize());
        }

        return response;
    }
}
