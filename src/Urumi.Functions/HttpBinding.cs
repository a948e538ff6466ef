using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
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

    public static async Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(HttpRequestData request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        return ApiRequest.ParseJson<T>(await reader.ReadToEndAsync());
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
