using System.Collections.Concurrent;
using System.Globalization;
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
/// The part of one WooCommerce store the shop probe talks to, after WooCommerce's documented APIs:
/// the storefront page, the Store API (products, cart with <c>Cart-Token</c>/<c>Nonce</c>, add-item,
/// checkout) and the authenticated REST orders endpoint (basic auth with the admin user and the
/// application password from the namespace's credentials Secret, the one holding <c>wp-app-password</c>).
/// </summary>
public sealed class WooCommerceStore
{
    public const long ProductId = 15;
    private const string StoreApi = "/wp-json/wc/store/v1";
    private readonly ObjectStore store;
    private readonly ConcurrentDictionary<string, Cart> carts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, JsonObject> orders = new();
    private long lastOrderId = 100;

    internal WooCommerceStore(ObjectStore store, string ns, string host)
    {
        this.store = store;
        Namespace = ns;
        Host = host;
    }

    public string Namespace { get; }

    public string Host { get; }

    /// <summary>Ids of orders placed and not (force-)deleted.</summary>
    public IReadOnlyCollection<long> OpenOrders => orders.Keys.ToList();

    /// <summary>Ids of orders deleted through the REST API.</summary>
    public ConcurrentQueue<long> DeletedOrders { get; } = new();

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var result = (request.Method, path) switch
        {
            ("GET", "/") => Storefront(),
            ("GET", StoreApi + "/products") => Products(context),
            ("GET", StoreApi + "/cart") => GetCart(context),
            ("POST", StoreApi + "/cart/add-item") => AddItem(context, await BodyAsync(context)),
            ("POST", StoreApi + "/checkout") => Checkout(context, await BodyAsync(context)),
            (_, _) when path.StartsWith("/wp-json/wc/v3/orders/", StringComparison.Ordinal) => Order(context, path["/wp-json/wc/v3/orders/".Length..]),
            _ => Error(404, "rest_no_route", "No route was found matching the URL and request method."),
        };
        await result.ExecuteAsync(context);
    }

    private IResult Storefront()
    {
        // Until the setup Job has completed, WordPress is not installed yet.
        var jobs = store.List(ResourceCatalog.Jobs, Namespace);
        if (jobs.Count > 0 && !jobs.Any(j => Json.HasCondition(j, "Complete")))
        {
            return Results.Redirect($"http://{Host}/wp-admin/install.php");
        }

        return Results.Content(
            "<!DOCTYPE html><html lang=\"en-US\"><head><title>Urumi Store</title>"
            + "<link rel='stylesheet' id='woocommerce-general-css' href='/wp-content/plugins/woocommerce/assets/css/woocommerce.css' /></head>"
            + "<body class=\"home page-template woocommerce-shop woocommerce woocommerce-page\"><ul class=\"products columns-4\">"
            + $"<li class=\"product type-product post-{ProductId.ToString(CultureInfo.InvariantCulture)}\"><h2 class=\"woocommerce-loop-product__title\">Urumi Test Product</h2></li>"
            + "</ul></body></html>",
            "text/html; charset=UTF-8");
    }

    private static IResult Products(HttpContext context)
    {
        context.Response.Headers["X-WP-Total"] = "1";
        context.Response.Headers["X-WP-TotalPages"] = "1";
        return Results.Json(new JsonArray(new JsonObject
        {
            ["id"] = ProductId,
            ["name"] = "Urumi Test Product",
            ["slug"] = "urumi-test-product",
            ["sku"] = "urumi-test-product",
            ["type"] = "simple",
            ["is_purchasable"] = true,
            ["is_in_stock"] = true,
            ["prices"] = new JsonObject { ["price"] = "1000", ["regular_price"] = "1000", ["currency_code"] = "USD", ["currency_minor_unit"] = 2 },
        }));
    }

    private IResult GetCart(HttpContext context)
    {
        var cart = CartOf(context) ?? NewCart();
        IssueTokens(context, cart);
        return Results.Json(CartJson(cart));
    }

    private IResult AddItem(HttpContext context, JsonObject? body)
    {
        if (Authorize(context, out var cart) is { } denied)
        {
            return denied;
        }

        if (body?["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var id) || id != ProductId)
        {
            return Error(400, "woocommerce_rest_cart_invalid_product", "This product cannot be added to the cart.");
        }

        var quantity = body["quantity"] is JsonValue q && q.TryGetValue<int>(out var n) && n > 0 ? n : 1;
        cart!.Add(id, quantity);
        IssueTokens(context, cart);
        return Results.Json(CartJson(cart), statusCode: 201);
    }

    private IResult Checkout(HttpContext context, JsonObject? body)
    {
        if (Authorize(context, out var cart) is { } denied)
        {
            return denied;
        }

        if (cart!.IsEmpty)
        {
            return Error(400, "woocommerce_rest_cart_empty", "Cannot create order from empty cart.");
        }

        if (body?.Str("payment_method") != "cod")
        {
            return Error(400, "woocommerce_rest_checkout_invalid_payment_method", "The selected payment method is not available.");
        }

        if (string.IsNullOrWhiteSpace(body.Str("billing_address", "email")))
        {
            return Error(400, "rest_invalid_param", "Invalid parameter(s): billing_address");
        }

        var orderId = Interlocked.Increment(ref lastOrderId);
        var order = new JsonObject
        {
            ["id"] = orderId,
            ["status"] = "processing",
            ["payment_method"] = "cod",
            ["total"] = (cart.Quantity * 10).ToString("0.00", CultureInfo.InvariantCulture),
            ["billing"] = body["billing_address"]?.DeepClone(),
            ["line_items"] = new JsonArray(new JsonObject { ["product_id"] = ProductId, ["quantity"] = cart.Quantity }),
        };
        orders[orderId] = order;
        carts.TryRemove(cart.Token, out _);
        var fresh = NewCart(cart.Token);
        IssueTokens(context, fresh);
        return Results.Json(new JsonObject
        {
            ["order_id"] = orderId,
            ["status"] = "processing",
            ["order_key"] = $"wc_order_{orderId.ToString(CultureInfo.InvariantCulture)}",
            ["customer_note"] = body.Str("customer_note") ?? "",
            ["customer_id"] = 0,
            ["billing_address"] = body["billing_address"]?.DeepClone(),
            ["shipping_address"] = body["shipping_address"]?.DeepClone(),
            ["payment_method"] = "cod",
            ["payment_result"] = new JsonObject { ["payment_status"] = "success", ["payment_details"] = new JsonArray(), ["redirect_url"] = $"http://{Host}/checkout/order-received/{orderId.ToString(CultureInfo.InvariantCulture)}/" },
        });
    }

    private IResult Order(HttpContext context, string idText)
    {
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Error(404, "rest_no_route", "No route was found matching the URL and request method.");
        }

        var method = context.Request.Method;
        if (!Authenticated(context))
        {
            return method == "DELETE"
                ? Error(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.")
                : Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        }

        if (!orders.TryGetValue(id, out var order))
        {
            return Error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }

        switch (method)
        {
            case "GET":
                return Results.Json(order);
            case "DELETE" when context.Request.Query["force"] == "true":
                orders.TryRemove(id, out _);
                DeletedOrders.Enqueue(id);
                return Results.Json(order);
            case "DELETE":
                order["status"] = "trash";
                return Results.Json(order);
            default:
                return Error(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
    }

    /// <summary>Basic auth against admin-user and wp-app-password (spaces ignored, as WordPress does).</summary>
    private bool Authenticated(HttpContext context)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var secret = store.List(ResourceCatalog.Secrets, Namespace).FirstOrDefault(s => s.At("data", "wp-app-password") is not null);
        if (secret is null)
        {
            return false;
        }

        var user = Decode(secret.Str("data", "admin-user"));
        var password = Decode(secret.Str("data", "wp-app-password")).Replace(" ", "", StringComparison.Ordinal);
        var given = decoded[(colon + 1)..].Replace(" ", "", StringComparison.Ordinal);
        return user.Length > 0 && password.Length > 0
            && string.Equals(decoded[..colon], user, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(password));
    }

    private static string Decode(string? base64) => base64 is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private Cart NewCart(string? token = null)
    {
        var cart = new Cart(token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        carts[cart.Token] = cart;
        return cart;
    }

    private Cart? CartOf(HttpContext context) =>
        carts.TryGetValue(context.Request.Headers["Cart-Token"].ToString(), out var cart) ? cart : null;

    /// <summary>Store API writes need the cart's Cart-Token and its Nonce.</summary>
    private IResult? Authorize(HttpContext context, out Cart? cart)
    {
        cart = CartOf(context);
        var nonce = context.Request.Headers["Nonce"].ToString();
        if (nonce.Length == 0)
        {
            nonce = context.Request.Headers["X-WC-Store-API-Nonce"].ToString();
        }

        if (nonce.Length == 0)
        {
            return Error(401, "woocommerce_rest_missing_nonce", "Missing the Nonce header. This endpoint requires a valid nonce.");
        }

        if (cart is null || nonce != cart.Nonce)
        {
            return Error(403, "woocommerce_rest_invalid_nonce", "Nonce is invalid.");
        }

        return null;
    }

    private static void IssueTokens(HttpContext context, Cart cart)
    {
        context.Response.Headers["Cart-Token"] = cart.Token;
        context.Response.Headers["Nonce"] = cart.Nonce;
        context.Response.Headers["Nonce-Timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static JsonObject CartJson(Cart cart)
    {
        var items = new JsonArray();
        foreach (var (id, quantity) in cart.Items)
        {
            items.Add(new JsonObject { ["key"] = ControllerKey(id), ["id"] = id, ["quantity"] = quantity, ["name"] = "Urumi Test Product" });
        }

        return new JsonObject
        {
            ["items"] = items,
            ["items_count"] = cart.Quantity,
            ["needs_payment"] = !cart.IsEmpty,
            ["needs_shipping"] = false,
            ["payment_methods"] = new JsonArray("cod"),
            ["totals"] = new JsonObject { ["total_price"] = (cart.Quantity * 1000).ToString(CultureInfo.InvariantCulture), ["currency_code"] = "USD" },
        };
    }

    private static string ControllerKey(long id) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(id)))[..32];

    private static async Task<JsonObject?> BodyAsync(HttpContext context)
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

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message, ["data"] = new JsonObject { ["status"] = status } }, statusCode: status);

    private sealed class Cart(string token, string nonce)
    {
        private readonly ConcurrentDictionary<long, int> items = new();

        public string Token { get; } = token;

        public string Nonce { get; } = nonce;

        public IEnumerable<(long Id, int Quantity)> Items => items.Select(kv => (kv.Key, kv.Value));

        public int Quantity => items.Values.Sum();

        public bool IsEmpty => items.IsEmpty;

        public void Add(long id, int quantity) => items.AddOrUpdate(id, quantity, (_, q) => q + quantity);
    }
}
