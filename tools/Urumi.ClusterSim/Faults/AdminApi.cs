using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Faults;

/// <summary>
/// <c>/_sim/…</c> on the API port: fault rules for other processes (the self-hosted server's
/// simulate mode, the benchmark) and a few switches. See docs/cluster-simulator.md.
/// </summary>
internal sealed class AdminApi(FaultSet faults, ObjectStore store)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimEnd('/');
        var method = context.Request.Method;
        switch (method, path)
        {
            case ("GET", "/_sim/faults"):
                var list = new JsonArray(faults.Rules.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["rule"] = JsonSerializer.SerializeToNode(r.Rule, Options) }).ToArray());
                await KubeApi.WriteAsync(context, 200, Json.Serialize(list));
                return;
            case ("POST", "/_sim/faults"):
                FaultRule? rule;
                try
                {
                    rule = await JsonSerializer.DeserializeAsync<FaultRule>(context.Request.Body, Options, context.RequestAborted);
                }
                catch (JsonException ex)
                {
                    await KubeApi.WriteAsync(context, 400, Json.Serialize(ApiException.BadRequest("invalid fault rule: " + ex.Message).ToStatus()));
                    return;
                }

                if (rule is null)
                {
                    await KubeApi.WriteAsync(context, 400, Json.Serialize(ApiException.BadRequest("empty fault rule").ToStatus()));
                    return;
                }

                var handle = faults.Add(rule);
                await KubeApi.WriteAsync(context, 201, Json.Serialize(new JsonObject { ["id"] = handle.Id }));
                return;
            case ("DELETE", "/_sim/faults"):
                faults.Clear();
                context.Response.StatusCode = 204;
                return;
            case ("DELETE", _) when path.StartsWith("/_sim/faults/", StringComparison.Ordinal):
                context.Response.StatusCode = faults.Remove(path["/_sim/faults/".Length..]) ? 204 : 404;
                return;
            case ("POST", "/_sim/compact"):
                store.CompactHistory();
                context.Response.StatusCode = 204;
                return;
            case ("POST", "/_sim/drop-watches"):
                store.DropAllWatches();
                context.Response.StatusCode = 204;
                return;
            default:
                await KubeApi.WriteAsync(context, 404, Json.Serialize(new ApiException(404, "NotFound", "unknown simulator admin endpoint").ToStatus()));
                return;
        }
    }
}
