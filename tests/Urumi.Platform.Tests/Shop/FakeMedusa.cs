using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Tests.Shop;

/// <summary>
/// A test-only MedusaJS v2 on Kestrel at 127.0.0.1 on a random port: storefront, emailpass sign-in,
/// admin API keys and orders (read, cancel, archive) with a bearer token, and the Store API routes
/// the probe uses, each wanting the publishable key. Answers only <see cref="StoreHost"/>.
/// Switches make one part misbehave.
/// </summary>
internal sealed class FakeMedusa : IAsyncDisposable
{
    public const string StoreHost = "med1.stores.urumi.test";
    public const string AdminEmail = "admin@store-med1.invalid";
    public const string AdminPassword = "Kp2mXw9rLb4tNc6yHd8sZq7v";
    public const string PublishableKey = "pk_0123456789abcdef";
    private const string AdminToken = "jwt-admin-token";

    private readonly WebApplication app;
    private long lastDisplayId = 40;

    private FakeMedusa(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every answer is 503, like an ingress with no ready backend.</summary>
    public bool Unavailable { get; set; }

    public bool NoPublishableKey { get; set; }

    public bool NoProducts { get; set; }

    public bool NoSystemProvider { get; set; }

    public bool NoShippingOption { get; set; }

    /// <summary>When set, cart completion answers type "cart" with this error message.</summary>
    public string? CompletionError { get; set; }

    /// <summary>When set, the admin cancel answers this status.</summary>
    public int? CancelStatus { get; set; }

    public ConcurrentQueue<(string Method, string Path, string Key, string Authorization, string Body)> Requests { get; } = new();

    /// <summary>Order id → status (pending, canceled, archived).</summary>
    public ConcurrentDictionary<string, string> Orders { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeMedusa> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var fake = new FakeMedusa(builder.Build());
        fake.Configure();
        await fake.app.StartAsync();
        fake.Address = new Uri(fake.app.Urls.First());
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Configure()
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            Requests.Enqueue((request.Method, request.Path.Value ?? "", request.Headers["x-publishable-api-key"].ToString(), request.Headers.Authorization.ToString(), body));
            context.Items["body"] = body.Length == 0 ? null : JsonNode.Parse(body);
            if (Unavailable || !string.Equals(request.Host.Host, StoreHost, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = Unavailable ? 503 : 404;
                await context.Response.WriteAsync("<html><body>nginx</body></html>");
                return;
            }

            var path = request.Path.Value ?? "";
            if (path.StartsWith("/admin/", StringComparison.Ordinal) && request.Headers.Authorization != "Bearer " + AdminToken)
            {
                await Error(401, "unauthorized", "Unauthorized").ExecuteAsync(context);
                return;
            }

            if (path.StartsWith("/store/", StringComparison.Ordinal) && request.Headers["x-publishable-api-key"] != PublishableKey)
            {
                await Error(400, "not_allowed", "A valid publishable key is required to proceed with the request").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        app.MapGet("/", () => Results.Content("<html><body class=\"medusa-storefront\"><h1>Shop</h1><p>Powered by Medusa</p></body></html>", "text/html"));
        app.MapPost("/auth/user/emailpass", (HttpContext c) =>
            Body(c)?["email"]?.GetValue<string>() == AdminEmail && Body(c)?["password"]?.GetValue<string>() == AdminPassword
                ? Results.Json(new JsonObject { ["token"] = AdminToken })
                : Error(401, "unauthorized", "Invalid email or password"));
        app.MapGet("/admin/api-keys", () => List("api_keys", NoPublishableKey
            ? [new JsonObject { ["token"] = "pk_revoked", ["revoked_at"] = "2026-01-01T00:00:00Z" }]
            : [new JsonObject { ["token"] = PublishableKey, ["revoked_at"] = null }]));
        app.MapGet("/store/regions", () => List("regions", [new JsonObject { ["id"] = "reg_1", ["currency_code"] = "usd" }]));
        app.MapGet("/store/products", (HttpContext c) => c.Request.Query["region_id"] != "reg_1"
            ? Error(400, "invalid_data", "region_id")
            : List("products", NoProducts ? [] : [new JsonObject { ["id"] = "prod_1", ["variants"] = new JsonArray(new JsonObject { ["id"] = "variant_1" }) }]));
        app.MapGet("/store/payment-providers", () => List("payment_providers", NoSystemProvider ? [new JsonObject { ["id"] = "pp_stripe_stripe" }] : [new JsonObject { ["id"] = "pp_system_default" }]));
        app.MapPost("/store/carts", () => Results.Json(new JsonObject { ["cart"] = new JsonObject { ["id"] = "cart_1" } }));
        app.MapPost("/store/carts/cart_1/line-items", (HttpContext c) => Body(c)?["variant_id"]?.GetValue<string>() == "variant_1"
            ? Results.Json(new JsonObject { ["cart"] = new JsonObject { ["id"] = "cart_1" } })
            : Error(400, "invalid_data", "variant"));
        app.MapGet("/store/shipping-options", () => List("shipping_options", NoShippingOption ? [] : [new JsonObject { ["id"] = "so_1" }]));
        app.MapPost("/store/carts/cart_1/shipping-methods", () => Results.Json(new JsonObject { ["cart"] = new JsonObject { ["id"] = "cart_1" } }));
        app.MapPost("/store/payment-collections", () => Results.Json(new JsonObject { ["payment_collection"] = new JsonObject { ["id"] = "pay_col_1" } }));
        app.MapPost("/store/payment-collections/pay_col_1/payment-sessions", (HttpContext c) => Body(c)?["provider_id"]?.GetValue<string>() == "pp_system_default"
            ? Results.Json(new JsonObject { ["payment_collection"] = new JsonObject { ["id"] = "pay_col_1" } })
            : Error(400, "invalid_data", "provider"));
        app.MapPost("/store/carts/cart_1/complete", () =>
        {
            if (CompletionError is not null)
            {
                return Results.Json(new JsonObject { ["type"] = "cart", ["error"] = new JsonObject { ["message"] = CompletionError } });
            }

            var display = Interlocked.Increment(ref lastDisplayId);
            var id = $"order_{display}";
            Orders[id] = "pending";
            return Results.Json(new JsonObject { ["type"] = "order", ["order"] = new JsonObject { ["id"] = id, ["display_id"] = display } });
        });
        app.MapGet("/admin/orders/{id}", (string id) => Orders.ContainsKey(id) ? Results.Json(new JsonObject { ["order"] = new JsonObject { ["id"] = id } }) : Error(404, "not_found", "Order not found"));
        app.MapPost("/admin/orders/{id}/cancel", (string id) =>
        {
            if (CancelStatus is { } status)
            {
                return Error(status, "unexpected_state", "The order cannot be canceled now");
            }

            Orders[id] = "canceled";
            return Results.Json(new JsonObject { ["order"] = new JsonObject { ["id"] = id } });
        });
        app.MapPost("/admin/orders/{id}/archive", (string id) =>
        {
            Orders[id] = "archived";
            return Results.Json(new JsonObject { ["order"] = new JsonObject { ["id"] = id } });
        });
    }

    private static JsonNode? Body(HttpContext context) => context.Items["body"] as JsonNode;

    private static IResult List(string name, JsonArray items) => Results.Json(new JsonObject { [name] = items, ["count"] = items.Count });

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new JsonObject { ["type"] = type, ["message"] = message }, statusCode: status);
}
