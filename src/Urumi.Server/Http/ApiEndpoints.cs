using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Platform.Api;
using Urumi.Server.Hosting;

namespace Urumi.Server.Http;

/// <summary>
/// The HTTP API of ARCHITECTURE §3 on ASP.NET Core. Each endpoint binds, authorizes and delegates
/// to the same <see cref="StoresApi"/> the Functions app uses.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapUrumiApi(this IEndpointRouteBuilder app, int apiPort)
    {
        var api = app.MapGroup("/api").RequireHost($"*:{apiPort}");

        api.MapPost("/stores", async (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            await Privileged(http, async actor =>
            {
                var (body, problem) = ApiRequest.ParseJson<CreateStoreRequest>(await ReadBodyAsync(http));
                return problem ?? await stores.CreateAsync(client, body, actor, http.RequestAborted);
            }));

        api.MapPost("/stores/batch", async (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            await Privileged(http, async actor =>
            {
                var (body, problem) = ApiRequest.ParseJson<BatchCreateRequest>(await ReadBodyAsync(http));
                return problem ?? await stores.CreateBatchAsync(client, body, actor, http.RequestAborted);
            }));

        api.MapGet("/stores", async (HttpContext http, StoresApi stores, DurableTaskClient client) =>
            Write(await stores.ListAsync(client, http.RequestAborted)));

        api.MapGet("/stores/{name}", async (HttpContext http, string name, StoresApi stores, DurableTaskClient client) =>
            Write(await stores.GetAsync(client, name, http.RequestAborted)));

        api.MapDelete("/stores/{name}", async (HttpContext http, string name, StoresApi stores, DurableTaskClient client) =>
            await Privileged(http, actor => stores.DeleteAsync(client, name, actor, http.RequestAborted)));

        api.MapGet("/stores/{name}/credentials", async (HttpContext http, string name, StoresApi stores) =>
            await Privileged(http, actor => stores.CredentialsAsync(name, actor, http.RequestAborted)));

        api.MapGet("/stores/{name}/events", async (HttpContext http, string name, StoresApi stores) =>
            Write(await stores.EventsAsync(name, IntQuery(http, "pageSize"), http.Request.Query["continuation"], http.RequestAborted)));

        api.MapGet("/events", async (HttpContext http, StoresApi stores) =>
            Write(await stores.EventsAsync(null, IntQuery(http, "pageSize"), http.Request.Query["continuation"], http.RequestAborted)));

        api.MapGet("/operations/{id}", async (HttpContext http, string id, StoresApi stores, DurableTaskClient client) =>
            Write(await stores.OperationAsync(client, id, http.RequestAborted)));

        api.MapPost("/cleanup", async (HttpContext http, CleanupApi cleanup, DurableTaskClient client) =>
            await Privileged(http, actor => cleanup.RunAsync(client, http.Request.Query["dryRun"], actor, http.RequestAborted)));

        api.MapGet("/health", async (HttpContext http, HealthApi health) =>
            Write(await health.CheckAsync(http.RequestAborted)));

        return app;
    }

    /// <summary>
    /// Mutating and credentials endpoints: when API keys are configured the caller must send one
    /// (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>) and becomes that key's name; without keys
    /// (loopback only, enforced at start) the caller is anonymous.
    /// </summary>
    private static async Task<IResult> Privileged(HttpContext http, Func<Actor, Task<ApiResult>> handle)
    {
        var keys = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.ApiKeys;
        if (keys.Count == 0)
        {
            return Write(await handle(Actor.Anonymous));
        }

        var presented = http.Request.Headers["X-Api-Key"].FirstOrDefault()
            ?? (http.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null);
        var name = presented is null ? null : keys.FirstOrDefault(k => FixedTimeEquals(k.Value, presented)).Key;
        if (name is null)
        {
            return Write(ApiResult.Problem(
                System.Net.HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "An API key is required.",
                presented is null ? "Send an API key in the X-Api-Key header." : "The API key is not valid.",
                null, ("WWW-Authenticate", "Bearer")));
        }

        return Write(await handle(new Actor(name)));
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static int? IntQuery(HttpContext http, string name) =>
        int.TryParse(http.Request.Query[name], out var value) ? value : null;

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
