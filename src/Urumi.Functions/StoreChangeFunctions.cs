using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary>The HTTP API that changes a store already there (upgrade, rollback, bulk upgrade); each function binds, then delegates to <see cref="StoreChangesApi"/> or <see cref="BulkUpgradeApi"/>.</summary>
public sealed class StoreChangeFunctions(StoreChangesApi changes, BulkUpgradeApi bulk, FunctionsCallers callers)
{
    [Function("ApiUpgradeStore")]
    public async Task<HttpResponseData> Upgrade(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "api/stores/{name}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string name)
    {
        var (body, problem) = await HttpBinding.ReadJsonAsync<UpgradeStoreRequest>(request);
        return await HttpBinding.WriteAsync(request, problem ?? await changes.UpgradeAsync(client, name, body, callers.Identify(request), request.FunctionContext.CancellationToken));
    }

    [Function("ApiRollbackStore")]
    public async Task<HttpResponseData> Rollback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/stores/{name}/rollback")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string name)
    {
        var (body, problem) = await HttpBinding.ReadJsonAsync<RollbackStoreRequest>(request);
        return await HttpBinding.WriteAsync(request, problem ?? await changes.RollbackAsync(client, name, body, callers.Identify(request), request.FunctionContext.CancellationToken));
    }

    [Function("ApiBulkUpgradeStores")]
    public async Task<HttpResponseData> BulkUpgrade(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/stores/upgrade")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        var (body, problem) = await HttpBinding.ReadJsonAsync<BulkUpgradeRequest>(request);
        return await HttpBinding.WriteAsync(request, problem ?? await bulk.StartAsync(client, body, callers.Identify(request), request.FunctionContext.CancellationToken));
    }
}
