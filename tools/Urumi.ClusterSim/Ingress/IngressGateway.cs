using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Controllers;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// The ingress controller: routes by <c>Host</c> to the namespace whose Ingress declares that host,
/// like ingress-nginx: 404 for an unknown host, 503 while the backend Service has no Ready pod, and
/// otherwise the store's emulated shop, chosen by the Ingress's <c>urumi.io/engine</c> label: the
/// emulated MedusaJS (<see cref="MedusaStore"/>) for "medusa", else WooCommerce (<see cref="WooCommerceStore"/>).
/// </summary>
internal sealed class IngressGateway(ObjectStore store)
{
    public const string MedusaEngine = "medusa";

    private readonly Dictionary<string, (string NamespaceUid, object Shop)> shops = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The emulated WooCommerce behind <paramref name="host"/>, created on first use.</summary>
    public WooCommerceStore Shop(string ns, string host) => Emulated(ns, host, () => new WooCommerceStore(store, ns, host));

    /// <summary>The emulated MedusaJS behind <paramref name="host"/>, created on first use.</summary>
    public MedusaStore Medusa(string ns, string host) => Emulated(ns, host, () => new MedusaStore(store, ns, host));

    /// <summary>
    /// An emulated shop lives as long as its namespace (keyed by the namespace's uid): a store
    /// deleted and created again starts without orders.
    /// </summary>
    private T Emulated<T>(string ns, string host, Func<T> create)
        where T : class
    {
        lock (gate)
        {
            var uid = store.TryGet(ResourceCatalog.Namespaces, null, ns)?.Uid() ?? "";
            var key = $"{ns}/{host.ToLowerInvariant()}/{typeof(T).Name}";
            if (shops.TryGetValue(key, out var known) && known.NamespaceUid == uid && known.Shop is T shop)
            {
                return shop;
            }

            var created = create();
            shops[key] = (uid, created);
            return created;
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var route = FindRoute(host);
        if (route is null)
        {
            await Html(context, 404, "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>");
            return;
        }

        if (!BackendReady(route.Value.Namespace, route.Value.Service))
        {
            await Html(context, 503, "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>");
            return;
        }

        if (route.Value.Engine == MedusaEngine)
        {
            await Medusa(route.Value.Namespace, host).HandleAsync(context);
        }
        else
        {
            await Shop(route.Value.Namespace, host).HandleAsync(context);
        }
    }

    private (string Namespace, string? Service, string? Engine)? FindRoute(string host)
    {
        foreach (var ingress in store.List(ResourceCatalog.Ingresses))
        {
            foreach (var rule in (ingress.At("spec", "rules") as JsonArray ?? []).OfType<JsonObject>())
            {
                if (string.Equals(rule.Str("host"), host, StringComparison.OrdinalIgnoreCase))
                {
                    var paths = rule.At("http", "paths") as JsonArray;
                    var service = paths?.OfType<JsonObject>().Select(p => p.Str("backend", "service", "name")).FirstOrDefault(s => s is not null)
                        ?? ingress.Str("spec", "defaultBackend", "service", "name");
                    return (ingress.Namespace()!, service, ingress.Labels().GetValueOrDefault("urumi.io/engine"));
                }
            }
        }

        return null;
    }

    /// <summary>True when the backend Service selects at least one Ready pod (what Endpoints would list).</summary>
    private bool BackendReady(string ns, string? serviceName)
    {
        if (serviceName is null || store.TryGet(ResourceCatalog.Services, ns, serviceName) is not { } service)
        {
            return false;
        }

        var selector = Json.StringMap(service.At("spec", "selector"));
        if (selector.Count == 0)
        {
            return false;
        }

        return store.List(ResourceCatalog.Pods, ns).Any(p =>
            !ControllerContext.IsDeleting(p)
            && ControllerContext.IsPodReady(p)
            && selector.All(kv => p.Labels().TryGetValue(kv.Key, out var v) && v == kv.Value));
    }

    private static async Task Html(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        var bytes = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
