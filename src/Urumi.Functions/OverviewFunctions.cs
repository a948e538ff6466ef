using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary><c>GET /api/overview</c>: binds, then delegates to <see cref="StoreOverview"/>.</summary>
public sealed class OverviewFunctions(StoreOverview overview, FunctionsCallers callers)
{
    [Function("ApiGetOverview")]
    public async Task<HttpResponseData> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/overview")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        await HttpBinding.WriteAsync(request, await overview.GetAsync(client, callers.Identify(request), request.FunctionContext.CancellationToken));
}
