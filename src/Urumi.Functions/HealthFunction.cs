using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary><c>GET /api/health</c> (readiness, also at <c>/api/health/ready</c>) and <c>GET /api/health/live</c>.</summary>
public sealed class HealthFunction(HealthApi health)
{
    [Function("ApiHealth")]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequestData request) =>
        await HttpBinding.WriteAsync(request, await health.CheckAsync(request.FunctionContext.CancellationToken));

    [Function("ApiHealthReady")]
    public async Task<HttpResponseData> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health/ready")] HttpRequestData request) =>
        await HttpBinding.WriteAsync(request, await health.CheckAsync(request.FunctionContext.CancellationToken));

    [Function("ApiHealthLive")]
    public static async Task<HttpResponseData> Live(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health/live")] HttpRequestData request) =>
        await HttpBinding.WriteAsync(request, HealthApi.Live());
}
