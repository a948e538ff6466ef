using Microsoft.DurableTask.Client;
using Urumi.Domain;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// The HTTP API (README.md, "HTTP API") on ASP.NET Core. Each endpoint identifies the caller
/// (<see cref="ApiCallers"/>), binds and delegates to the same handlers the Functions app uses.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapUrumiApi(this IEndpointRouteBuilder app, int apiPort)
    {
        var api = app.MapGroup("/api").RequireHost($"*:{apiPort}");

        api.MapPost("/stores", (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            Call(http, async actor =>
            {
                var (body, problem) = await ReadJsonAsync<CreateStoreRequest>(http);
                return problem ?? await stores.CreateAsync(client, body, actor, http.RequestAborted);
            }));

        api.MapPost("/stores/batch", (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            Call(http, async actor =>
            {
                var (body, problem) = await ReadJsonAsync<BatchCreateRequest>(http);
                return problem ?? await stores.CreateBatchAsync(client, body, actor, http.RequestAborted);
            }));

        api.MapGet("/stores", (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.ListAsync(client, actor, http.RequestAborted)));

        api.MapGet("/stores/{name}", (HttpContext http, string name, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.GetAsync(client, name, actor, http.RequestAborted)));

        api.MapDelete("/stores/{name}", (HttpContext http, string name, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.DeleteAsync(client, name, actor, http.RequestAborted)));

        api.MapPost("/stores/upgrade", (HttpContext http, BulkUpgradeApi bulk, DurableTaskClient client) =>
            Call(http, async actor =>
            {
                var (body, problem) = await ReadJsonAsync<BulkUpgradeRequest>(http);
                return problem ?? await bulk.StartAsync(client, body, actor, http.RequestAborted);
            }));

        api.MapPatch("/stores/{name}", (HttpContext http, string name, StoreChangesApi changes, DurableTaskClient client) =>
            Call(http, async actor =>
            {
                var (body, problem) = await ReadJsonAsync<UpgradeStoreRequest>(http);
                return problem ?? await changes.UpgradeAsync(client, name, body, actor, http.RequestAborted);
            }));

        api.MapPost("/stores/{name}/rollback", (HttpContext http, string name, StoreChangesApi changes, DurableTaskClient client) =>
            Call(http, async actor =>
            {
                var (body, problem) = await ReadJsonAsync<RollbackStoreRequest>(http);
                return problem ?? await changes.RollbackAsync(client, name, body, actor, http.RequestAborted);
            }));

        api.MapGet("/stores/{name}/credentials", (HttpContext http, string name, StoresApi stores) =>
            Call(http, actor => stores.CredentialsAsync(name, actor, http.RequestAborted)));

        api.MapGet("/stores/{name}/revisions", (HttpContext http, string name, StoreRevisions revisions) =>
            Call(http, actor => revisions.ListAsync(name, actor, http.RequestAborted)));

        api.MapGet("/stores/{name}/events", (HttpContext http, string name, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.EventsAsync(client, name, http.Request.Query["pageSize"], http.Request.Query["continuation"], actor, http.RequestAborted)));

        api.MapGet("/events", (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.EventsAsync(client, null, http.Request.Query["pageSize"], http.Request.Query["continuation"], actor, http.RequestAborted)));

        api.MapGet("/overview", (HttpContext http, StoreOverview overview, DurableTaskClient client) =>
            Call(http, actor => overview.GetAsync(client, actor, http.RequestAborted)));

        api.MapGet("/operations/{id}", (HttpContext http, string id, StoresApi stores, DurableTaskClient client) =>
            Call(http, actor => stores.OperationAsync(client, id, actor, http.RequestAborted)));

        api.MapPost("/cleanup", (HttpContext http, CleanupApi cleanup, DurableTaskClient client) =>
            Call(http, actor => cleanup.RunAsync(client, http.Request.Query["dryRun"], actor, http.RequestAborted)));

        api.MapGet("/health/live", () => Write(HealthApi.Live()));

        api.MapGet("/health/ready", async (HttpContext http, HealthApi health) =>
            Write(await health.CheckAsync(http.RequestAborted)));

        api.MapGet("/health", async (HttpContext http, HealthApi health) =>
            Write(await health.CheckAsync(http.RequestAborted)));

        return app;
    }

    private static async Task<IResult> Call(HttpContext http, Func<Actor, Task<ApiResult>> handle)
    {
        var (actor, refusal) = await http.RequestServices.GetRequiredService<ApiCallers>().IdentifyAsync(http);
        return Write(actor is null ? refusal! : await handle(actor));
    }

    /// <summary>
    /// A client that sends too slowly or breaks off the body is Kestrel's bad request: one warning
    /// line and its status, not an unhandled exception.
    /// </summary>
    private static async Task<(T? Body, ApiResult? Problem)> ReadJsonAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await ApiRequest.ReadJsonAsync<T>(http.Request.ContentType, http.Request.ContentLength, http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException error)
        {
            ServerLog.BadRequest(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Urumi.Server.Http"), http.Request.Method, http.Request.Path, error.StatusCode, error.Message);
            return (null, ApiResult.Problem((System.Net.HttpStatusCode)error.StatusCode, ProblemTypes.Validation, "The request body could not be read.", error.Message));
        }
    }

    private static ApiHttpResult Write(ApiResult result) => new(result);

    /// <summary>Writes an <see cref="ApiResult"/> exactly as the Functions binding does.</summary>
    private sealed class ApiHttpResult(ApiResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = result.Status;
            foreach (var (name, value) in result.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            if (result.Body is not null)
            {
                httpContext.Response.ContentType = result.ContentType + "; charset=utf-8";
                await httpContext.Response.WriteAsync(result.Serialize(), httpContext.RequestAborted);
            }
        }
    }
}
