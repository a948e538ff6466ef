using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Urumi.Platform.Api;

namespace Urumi.Functions;

/// <summary>The HTTP API. Each function binds, then delegates to <see cref="StoresApi"/> (or <see cref="StoreRevisions"/>).</summary>
public sealed class StoresFunctions(StoresApi api, StoreRevisions revisions, FunctionsCallers callers)
{
    [Function("ApiCreateStore")]
    public async Task<HttpResponseData> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/stores")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        var (body, problem) = await HttpBinding.ReadJsonAsync<CreateStoreRequest>(request);
        return await HttpBinding.WriteAsync(request, problem ?? await api.CreateAsync(client, body, callers.Identify(request), request.FunctionContext.CancellationToken));
    }

    [Function("ApiCreateStoreBatch")]
    public async Task<HttpResponseData> CreateBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/stores/batch")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        var (body, problem) = await HttpBinding.ReadJsonAsync<BatchCreateRequest>(request);
        return await HttpBinding.WriteAsync(request, problem ?? await api.CreateBatchAsync(client, body, callers.Identify(request), request.FunctionContext.CancellationToken));
    }

    [Function("ApiListStores")]
    public async Task<HttpResponseData> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stores")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        await HttpBinding.WriteAsync(request, await api.ListAsync(client, callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetStore")]
    public async Task<HttpResponseData> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stores/{name}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string name) =>
        await HttpBinding.WriteAsync(request, await api.GetAsync(client, name, callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiDeleteStore")]
    public async Task<HttpResponseData> Delete(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/stores/{name}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string name) =>
        await HttpBinding.WriteAsync(request, await api.DeleteAsync(client, name, callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetStoreCredentials")]
    public async Task<HttpResponseData> Credentials(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stores/{name}/credentials")] HttpRequestData request,
        string name) =>
        await HttpBinding.WriteAsync(request, await api.CredentialsAsync(name, callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetStoreRevisions")]
    public async Task<HttpResponseData> Revisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stores/{name}/revisions")] HttpRequestData request,
        string name) =>
        await HttpBinding.WriteAsync(request, await revisions.ListAsync(name, callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetStoreEvents")]
    public async Task<HttpResponseData> StoreEvents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/stores/{name}/events")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string name) =>
        await HttpBinding.WriteAsync(request, await api.EventsAsync(
            client, name, HttpBinding.Query(request, "pageSize"), HttpBinding.Query(request, "continuation"), callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetEvents")]
    public async Task<HttpResponseData> Events(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/events")] HttpRequestData request,
        [DurableClient] DurableTaskClient client) =>
        await HttpBinding.WriteAsync(request, await api.EventsAsync(
            client, null, HttpBinding.Query(request, "pageSize"), HttpBinding.Query(request, "continuation"), callers.Identify(request), request.FunctionContext.CancellationToken));

    [Function("ApiGetOperation")]
    public async Task<HttpResponseData> Operation(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/operations/{id}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        await HttpBinding.WriteAsync(request, await api.OperationAsync(client, id, callers.Identify(request), request.FunctionContext.CancellationToken));
}
