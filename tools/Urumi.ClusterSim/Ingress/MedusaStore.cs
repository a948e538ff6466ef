using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// One emulated MedusaJS v2 store: the subset of Medusa's documented Store and Admin APIs the shop
/// probe uses, with Medusa's JSON shapes and error form (<c>{"type", "message"}</c>):
/// <c>POST /auth/user/emailpass</c> (the admin e-mail and password from the namespace's credentials
/// Secret) returns a bearer token for <c>GET /admin/api-keys</c> and <c>/admin/orders</c> (list, read,
/// <c>cancel</c>, <c>archive</c>); every <c>/store</c> route wants the publishable key in
/// <c>x-publishable-api-key</c>: regions, products, payment providers, carts with line items,
/// shipping options and methods, payment collections and sessions, and cart completion. What the
/// chart's setup Job seeds is fixed here: one region (USD, US, the system payment provider), one
/// product with one variant, one shipping option, one publishable key. Until the setup Job is
/// Complete the storefront answers 503, like the chart's storefront waiting for its key.
/// </summary>
public sealed class MedusaStore
{
    public const string RegionId = "reg_urumi";
    public const string ProductId = "prod_urumi";
    public const string VariantId = "variant_urumi";
    public const string ShippingOptionId = "so_urumi";
    public const string SystemProvider = "pp_system_default";
    public const string ProductTitle = "Urumi Test Product";

    /// <summary>The product's price in the currency's main unit, as Medusa v2 stores amounts.</summary>
    public const int ProductPrice = 10;

    private readonly ObjectStore store;
    private readonly ConcurrentDictionary<string, JsonObject> carts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> collections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> adminTokens = new(StringComparer.Ordinal);
    private long lastDisplayId;

    internal MedusaStore(ObjectStore store, string ns, string host)
    {
        this.store = store;
        Namespace = ns;
        Host = host;
        PublishableKey = "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    }

    public string Namespace { get; }

    public string Host { get; }

    /// <summary>The publishable API key "the setup Job created".</summary>
    public string PublishableKey { get; }

    /// <summary>Display ids of orders neither cancelled nor archived.</summary>
    public IReadOnlyCollection<long> OpenOrders => Displays(o => o.Str("status") is not ("canceled" or "archived"));

    /// <summary>Display ids of orders archived through the Admin API.</summary>
    public IReadOnlyCollection<long> ArchivedOrders => Displays(o => o.Str("status") == "archived");

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var result = (request.Method, path) switch
        {
            ("GET", "/health") => Results.Text("OK"),
            ("POST", "/auth/user/emailpass") => SignIn(await JsonBody.ReadAsync(context)),
            (_, _) when path.StartsWith("/admin/", StringComparison.Ordinal) => Admin(context, path),
            (_, _) when path.StartsWith("/store/", StringComparison.Ordinal) => await StoreApiAsync(context, path),
            ("GET", _) when path == "/app" || path.StartsWith("/app/", StringComparison.Ordinal) => Page("Medusa Admin", "<h1>Medusa Admin</h1><p>Sign in with the store's admin e-mail and password.</p>"),
            ("GET", "/") => SetUp() ? Storefront() : Results.Text("The store is still being set up.", statusCode: 503),
            _ => Error(404, "not_found", $"Cannot {request.Method} {path}"),
        };
        await result.ExecuteAsync(context);
    }

    private IReadOnlyCollection<long> Displays(Func<JsonObject, bool> filter) =>
        orders.Values.Where(filter).Select(o => o["display_id"]!.GetValue<long>()).Order().ToList();

    private bool SetUp()
    {
        var jobs = store.List(ResourceCatalog.Jobs, Namespace);
        return jobs.Count == 0 || jobs.Any(j => Json.HasCondition(j, "Complete"));
    }

    private static IResult Storefront() => Page(
        "Urumi Store",
        $"<h1>Urumi Store</h1><ul><li class=\"product\"><h2>{ProductTitle}</h2><p>{ProductPrice} USD</p></li></ul><p>Powered by Medusa. Admin: <a href=\"/app\">/app</a></p>");

    private static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body class=\"medusa-storefront\">{body}</body></html>", "text/html; charset=utf-8");

    private IResult SignIn(JsonObject? body)
    {
        var email = Credential("admin-email");
        var password = Credential("admin-password");
        if (email.Length == 0 || body?.Str("email") != email || body.Str("password") != password)
        {
            return Error(401, "unauthorized", "Invalid email or password");
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        adminTokens[token] = true;
        return Results.Json(new JsonObject { ["token"] = token });
    }

    private IResult Admin(HttpContext context, string path)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var auth)
            || auth.Scheme != "Bearer" || auth.Parameter is null || !adminTokens.ContainsKey(auth.Parameter))
        {
            return Error(401, "unauthorized", "Unauthorized");
        }

        var method = context.Request.Method;
        if (method == "GET" && path == "/admin/api-keys")
        {
            var key = new JsonObject { ["id"] = "apk_urumi", ["token"] = PublishableKey, ["title"] = "Urumi storefront", ["type"] = "publishable", ["revoked_at"] = null };
            return List("api_keys", [key]);
        }

        if (method == "GET" && path == "/admin/orders")
        {
            return List("orders", [.. orders.Values.Where(o => o.Str("status") != "archived").Select(o => o.DeepClone())]);
        }

        var rest = path.StartsWith("/admin/orders/", StringComparison.Ordinal) ? path["/admin/orders/".Length..].Split('/') : [];
        if (rest.Length == 0 || !orders.TryGetValue(rest[0], out var order))
        {
            return Error(404, "not_found", rest.Length == 0 ? $"Cannot {method} {path}" : $"Order id not found: {rest[0]}");
        }

        lock (order)
        {
            switch (method, rest.Length == 2 ? rest[1] : null)
            {
                case ("GET", null):
                    break;
                case ("POST", "cancel"):
                    order["status"] = "canceled";
                    order["canceled_at"] = DateTime.UtcNow.ToString("O");
                    break;
                case ("POST", "archive") when order.Str("status") is "canceled" or "completed" or "archived":
                    order["status"] = "archived";
                    break;
                case ("POST", "archive"):
                    return Error(400, "not_allowed", $"Order with id {rest[0]} cannot be archived: its status is {order.Str("status")}.");
                default:
                    return Error(404, "not_found", $"Cannot {method} {path}");
            }

            return Results.Json(new JsonObject { ["order"] = order.DeepClone() });
        }
    }

    private async Task<IResult> StoreApiAsync(HttpContext context, string path)
    {
        if (context.Request.Headers["x-publishable-api-key"].ToString() != PublishableKey)
        {
            return Error(400, "not_allowed", "A valid publishable key is required to proceed with the request");
        }

        var query = context.Request.Query;
        var body = context.Request.Method == "POST" ? await JsonBody.ReadAsync(context) : null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (context.Request.Method, segments) switch
        {
            ("GET", ["store", "regions"]) => List("regions", [Region()]),
            ("GET", ["store", "products"]) => List("products", [Product()]),
            ("GET", ["store", "payment-providers"]) => query["region_id"] == RegionId
                ? List("payment_providers", [new JsonObject { ["id"] = SystemProvider, ["is_enabled"] = true }])
                : Error(400, "invalid_data", "Invalid request: Field 'region_id' is required"),
            ("POST", ["store", "carts"]) => CreateCart(body),
            ("GET", ["store", "carts", var id]) => WithCart(id, cart => Results.Json(new JsonObject { ["cart"] = cart.DeepClone() })),
            ("POST", ["store", "carts", var id, "line-items"]) => WithCart(id, cart => AddLineItem(cart, body)),
            ("GET", ["store", "shipping-options"]) => carts.ContainsKey(query["cart_id"].ToString())
                ? List("shipping_options", [new JsonObject { ["id"] = ShippingOptionId, ["name"] = "Standard Shipping", ["amount"] = 5, ["price_type"] = "flat" }])
                : Error(400, "invalid_data", "Invalid request: Field 'cart_id' is required"),
            ("POST", ["store", "carts", var id, "shipping-methods"]) => WithCart(id, cart => AddShippingMethod(cart, body)),
            ("POST", ["store", "payment-collections"]) => CreatePaymentCollection(body),
            ("POST", ["store", "payment-collections", var id, "payment-sessions"]) => AddPaymentSession(id, body),
            ("POST", ["store", "carts", var id, "complete"]) => WithCart(id, Complete),
            _ => Error(404, "not_found", $"Cannot {context.Request.Method} {path}"),
        };
    }

    private static JsonObject Region() => new()
    {
        ["id"] = RegionId,
        ["name"] = "Urumi",
        ["currency_code"] = "usd",
        ["countries"] = new JsonArray(new JsonObject { ["iso_2"] = "us", ["display_name"] = "United States" }),
    };

    private static JsonObject Product() => new()
    {
        ["id"] = ProductId,
        ["title"] = ProductTitle,
        ["handle"] = "urumi-test-product",
        ["status"] = "published",
        ["variants"] = new JsonArray(new JsonObject
        {
            ["id"] = VariantId,
            ["title"] = "Default",
            ["sku"] = "urumi-test-product",
            ["manage_inventory"] = false,
            ["calculated_price"] = new JsonObject { ["calculated_amount"] = ProductPrice, ["currency_code"] = "usd" },
        }),
    };

    private IResult CreateCart(JsonObject? body)
    {
        if (body?.Str("region_id") is { } region && region != RegionId)
        {
            return Error(404, "not_found", $"Region with id: {region} was not found");
        }

        var cart = new JsonObject
        {
            ["id"] = "cart_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["region_id"] = RegionId,
            ["currency_code"] = "usd",
            ["email"] = body?.Str("email"),
            ["shipping_address"] = body?["shipping_address"]?.DeepClone(),
            ["items"] = new JsonArray(),
            ["shipping_methods"] = new JsonArray(),
            ["total"] = 0,
        };
        carts[cart.Str("id")!] = cart;
        return Results.Json(new JsonObject { ["cart"] = cart.DeepClone() });
    }

    private IResult WithCart(string id, Func<JsonObject, IResult> action)
    {
        if (!carts.TryGetValue(id, out var cart))
        {
            return Error(404, "not_found", $"Cart id not found: {id}");
        }

        lock (cart)
        {
            return action(cart);
        }
    }

    private static IResult AddLineItem(JsonObject cart, JsonObject? body)
    {
        if (body?.Str("variant_id") != VariantId)
        {
            return Error(400, "invalid_data", $"Variants with IDs {body?.Str("variant_id")} do not exist");
        }

        var quantity = body["quantity"] is JsonValue q && q.TryGetValue<int>(out var n) && n > 0 ? n : 1;
        cart["items"]!.AsArray().Add(new JsonObject { ["id"] = "cali_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ["variant_id"] = VariantId, ["title"] = ProductTitle, ["quantity"] = quantity, ["unit_price"] = ProductPrice });
        Total(cart);
        return Results.Json(new JsonObject { ["cart"] = cart.DeepClone() });
    }

    private static IResult AddShippingMethod(JsonObject cart, JsonObject? body)
    {
        if (body?.Str("option_id") != ShippingOptionId)
        {
            return Error(400, "invalid_data", "Shipping Options are invalid for cart.");
        }

        cart["shipping_methods"] = new JsonArray(new JsonObject { ["shipping_option_id"] = ShippingOptionId, ["name"] = "Standard Shipping", ["amount"] = 5 });
        Total(cart);
        return Results.Json(new JsonObject { ["cart"] = cart.DeepClone() });
    }

    private IResult CreatePaymentCollection(JsonObject? body)
    {
        if (body?.Str("cart_id") is not { } cartId || !carts.TryGetValue(cartId, out var cart))
        {
            return Error(404, "not_found", $"Cart id not found: {body?.Str("cart_id")}");
        }

        lock (cart)
        {
            if (cart["payment_collection_id"] is not null)
            {
                return Results.Json(new JsonObject { ["payment_collection"] = collections[cart.Str("payment_collection_id")!].DeepClone() });
            }

            var collection = new JsonObject { ["id"] = "pay_col_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), ["amount"] = cart["total"]!.DeepClone(), ["currency_code"] = "usd", ["payment_sessions"] = new JsonArray() };
            collections[collection.Str("id")!] = collection;
            cart["payment_collection_id"] = collection.Str("id");
            return Results.Json(new JsonObject { ["payment_collection"] = collection.DeepClone() });
        }
    }

    private IResult AddPaymentSession(string id, JsonObject? body)
    {
        if (!collections.TryGetValue(id, out var collection))
        {
            return Error(404, "not_found", $"Payment collection id not found: {id}");
        }

        if (body?.Str("provider_id") != SystemProvider)
        {
            return Error(400, "invalid_data", $"Payment provider {body?.Str("provider_id")} is not enabled in the region");
        }

        lock (collection)
        {
            collection["payment_sessions"] = new JsonArray(new JsonObject { ["id"] = "payses_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ["provider_id"] = SystemProvider, ["status"] = "pending", ["amount"] = collection["amount"]!.DeepClone() });
            return Results.Json(new JsonObject { ["payment_collection"] = collection.DeepClone() });
        }
    }

    /// <summary>
    /// Like Medusa: a cart without items, shipping method or payment session answers 200 with
    /// <c>type: "cart"</c> and an <c>error</c>; otherwise it becomes an order (<c>type: "order"</c>).
    /// </summary>
    private IResult Complete(JsonObject cart)
    {
        var missing = cart["items"]!.AsArray().Count == 0 ? "The cart has no items"
            : cart["shipping_methods"]!.AsArray().Count == 0 ? "The cart items require shipping methods"
            : cart.Str("payment_collection_id") is not { } pc || collections[pc]["payment_sessions"]!.AsArray().Count == 0 ? "Payment sessions are required to complete cart"
            : null;
        if (missing is not null)
        {
            return Results.Json(new JsonObject { ["type"] = "cart", ["cart"] = cart.DeepClone(), ["error"] = new JsonObject { ["message"] = missing, ["name"] = "Error", ["type"] = "invalid_data" } });
        }

        if (cart["completed_order_id"] is not null)
        {
            return Results.Json(new JsonObject { ["type"] = "order", ["order"] = orders[cart.Str("completed_order_id")!].DeepClone() });
        }

        var order = new JsonObject
        {
            ["id"] = "order_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["display_id"] = Interlocked.Increment(ref lastDisplayId),
            ["status"] = "pending",
            ["email"] = cart["email"]?.DeepClone(),
            ["currency_code"] = "usd",
            ["total"] = cart["total"]!.DeepClone(),
            ["items"] = cart["items"]!.DeepClone(),
            ["payment_status"] = "authorized",
        };
        orders[order.Str("id")!] = order;
        cart["completed_order_id"] = order.Str("id");
        return Results.Json(new JsonObject { ["type"] = "order", ["order"] = order.DeepClone() });
    }

    private static void Total(JsonObject cart) =>
        cart["total"] = cart["items"]!.AsArray().Sum(i => i!["quantity"]!.GetValue<int>() * ProductPrice)
            + cart["shipping_methods"]!.AsArray().Sum(m => m!["amount"]!.GetValue<int>());

    /// <summary>The credentials Secret's value for <paramref name="key"/> (the Secret holding <c>admin-password</c>), or "".</summary>
    private string Credential(string key)
    {
        var secret = store.List(ResourceCatalog.Secrets, Namespace).FirstOrDefault(s => s.At("data", "admin-password") is not null);
        return secret?.Str("data", key) is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : "";
    }

    private static IResult List(string name, JsonArray items) =>
        Results.Json(new JsonObject { [name] = items, ["count"] = items.Count, ["offset"] = 0, ["limit"] = 50 });

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new JsonObject { ["type"] = type, ["message"] = message }, statusCode: status);
}
