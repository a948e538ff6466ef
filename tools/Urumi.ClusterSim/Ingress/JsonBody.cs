using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Urumi.ClusterSim.Ingress;

/// <summary>A request's JSON object body for the emulated shops; null when it is absent or not an object.</summary>
internal static class JsonBody
{
    public static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
