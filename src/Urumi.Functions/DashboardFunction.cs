using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Urumi.Platform.Dashboard;

namespace Urumi.Functions;

/// <summary>
/// The dashboard at <c>/</c> and its assets at <c>/{file}</c>. host.json sets
/// <c>extensions.http.routePrefix</c> to "" so the page can own the root; every API trigger spells
/// its <c>api/</c> prefix itself, keeping the API at <c>/api/...</c> as in Urumi.Server. The route
/// has one optional segment, so it never shadows <c>api/...</c> or the host's own multi-segment routes.
/// </summary>
public sealed class DashboardFunction(DashboardFiles files)
{
    [Function("Dashboard")]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{file?}")] HttpRequestData request,
        string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ifNoneMatch = request.Headers.TryGetValues("If-None-Match", out var values) ? string.Join(",", values) : null;
        var result = files.Get(file, ifNoneMatch);
        var response = request.CreateResponse((HttpStatusCode)result.Status);
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (result.Status != (int)HttpStatusCode.NotModified)
        {
            response.Headers.Add("Content-Type", result.ContentType);
            await response.Body.WriteAsync(result.Content, request.FunctionContext.CancellationToken);
        }

        return response;
    }
}
