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
/// One emulated WooCommerce store: its carts and orders, and the APIs the shop probe talks to, after
/// WooCommerce's documented ones: the Store API (products, cart with <c>Cart-Token</c>/<c>Nonce</c>,
/// add-item, checkout) and the authenticated REST orders endpoints (basic auth with the admin user and
/// the application password from the namespace's credentials Secret, the one holding
/// <c>wp-app-password</c>). The pages a person clicks through (<see cref="ShopPages"/>,
/// <see cref="AdminPages"/>) share the same carts and orders. The settable properties make it a shop
/// configured otherwise (another catalog, Cash on Delivery off, a failing checkout, a slow backend),
/// for tests of the shop probe; every request is kept in <see cref="Requests"/>.
/// </summary>
public sealed class WooCommerceStore
{
    public const long ProductId = 15;
    public const string ProductName = "Urumi Test Product";

    /// <summary>The product's price in cents (USD).</summary>
    public const int ProductPrice = 1000;
    private const string StoreApi = "/wp-json/wc/store/v1";
    private const string Orders = "/wp-json/wc/v3/orders";
    private readonly ObjectStore store;
    private readonly ConcurrentDictionary<string, ShopCart> carts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, JsonObject> orders = new();
    private readonly ShopPages shopPages;
    private readonly AdminPages adminPages;
    private long lastOrderId = 100;

    internal WooCommerceStore(ObjectStore store, string ns, string host)
    {
        this.store = store;
        Namespace = ns;
        Host = host;
        shopPages = new ShopPages(this);
        adminPages = new AdminPages(this);
    }

    public string Namespace { get; }

    public string Host { get; }

    /// <summary>Ids of orders placed and not (force-)deleted.</summary>
    public IReadOnlyCollection<long> OpenOrders => orders.Keys.ToList();

    /// <summary>Ids of orders deleted through the REST API.</summary>
    public ConcurrentQueue<long> DeletedOrders { get; } = new();

    /// <summary>Ids of every order placed, deleted or not.</summary>
    public ConcurrentQueue<long> PlacedOrders { get; } = new();

    /// <summary>Every request the shop answered, in order.</summary>
    public ConcurrentQueue<ShopRequest> Requests { get; } = new();

    /// <summary>The Store API's catalog: by default the one product the store chart's setup Job creates.</summary>
    public IReadOnlyList<ShopProduct> Catalog { get; set; } = [new(ProductId, ProductName, ProductPrice)];

    /// <summary>Whether the Cash-on-Delivery gateway is enabled (the setup Job enables it).</summary>
    public bool CashOnDelivery { get; set; } = true;

    /// <summary>When set, every checkout fails with this WooCommerce error message (as a payment or shipping rule would).</summary>
    public string? CheckoutError { get; set; }

    /// <summary>A wait before every answer, as a slow PHP backend takes.</summary>
    public TimeSpan ResponseDelay { get; set; }

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        await RecordAsync(context);
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, context.RequestAborted);
        }

        var result = (request.Method, path) switch
        {
            ("GET", "/") when !Installed() => Results.Redirect($"http://{request.Host}/wp-admin/install.php"),
            ("GET", StoreApi + "/products") => Products(context),
            ("GET", StoreApi + "/cart") => GetCart(context),
            ("POST", StoreApi + "/cart/add-item") => AddItem(context, await JsonBody.ReadAsync(context)),
            ("POST", StoreApi + "/checkout") => Checkout(context, await JsonBody.ReadAsync(context)),
            ("GET", Orders) => ListOrders(context),
            (_, _) when path.StartsWith(Orders + "/", StringComparison.Ordinal) => Order(context, path[(Orders.Length + 1)..]),
            (_, _) when path.StartsWith("/wp-json/", StringComparison.Ordinal) => Error(404, "rest_no_route", "No route was found matching the URL and request method."),
            (_, _) when path.StartsWith("/wp-admin", StringComparison.Ordinal) || path.StartsWith("/wp-login.php", StringComparison.Ordinal) => await adminPages.HandleAsync(context),
            _ => await shopPages.HandleAsync(context),
        };
        await result.ExecuteAsync(context);
    }

    /// <summary>Placed orders that are not in the trash, newest first.</summary>
    internal IReadOnlyList<JsonObject> ListedOrders() =>
        orders.Values.Where(o => o.Str("status") != "trash").OrderByDescending(o => o["id"]!.GetValue<long>()).ToList();

    internal JsonObject? FindOrder(long id) => orders.TryGetValue(id, out var order) ? order : null;

    internal ShopCart? FindCart(string token) => carts.TryGetValue(token, out var cart) ? cart : null;

    internal ShopCart NewCart(string? token = null)
    {
        var cart = new ShopCart(token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        carts[cart.Token] = cart;
        return cart;
    }

    /// <summary>Turns the cart into a Cash-on-Delivery order (status processing) and empties it.</summary>
    internal JsonObject PlaceOrder(ShopCart cart, JsonObject billing)
    {
        var orderId = Interlocked.Increment(ref lastOrderId);
        var order = new JsonObject
        {
            ["id"] = orderId,
            ["order_key"] = "wc_order_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ["status"] = "processing",
            ["currency"] = "USD",
            ["date_created"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["payment_method"] = "cod",
            ["payment_method_title"] = "Cash on delivery",
            ["total"] = Money(Total(cart)),
            ["billing"] = billing,
            ["line_items"] = new JsonArray(cart.Items.Select(i => (JsonNode)new JsonObject { ["product_id"] = i.Id, ["name"] = NameOf(i.Id), ["quantity"] = i.Quantity }).ToArray()),
        };
        orders[orderId] = order;
        PlacedOrders.Enqueue(orderId);
        carts.TryRemove(cart.Token, out _);
        NewCart(cart.Token);
        return order;
    }

    /// <summary>An amount in cents as WooCommerce's REST API writes it ("10.00").</summary>
    internal static string Money(int cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// The credentials Secret's value for <paramref name="key"/> (the one holding <c>wp-app-password</c>),
    /// or "" when there is none.
    /// </summary>
    internal string Credential(string key)
    {
        var secret = store.List(ResourceCatalog.Secrets, Namespace).FirstOrDefault(s => s.At("data", "wp-app-password") is not null);
        return Decode(secret?.Str("data", key));
    }

    /// <summary>Until the setup Job has completed, WordPress is not installed yet.</summary>
    private bool Installed()
    {
        var jobs = store.List(ResourceCatalog.Jobs, Namespace);
        return jobs.Count == 0 || jobs.Any(j => Json.HasCondition(j, "Complete"));
    }

    private IResult Products(HttpContext context)
    {
        var total = Catalog.Count.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-WP-Total"] = total;
        context.Response.Headers["X-WP-TotalPages"] = "1";
        return Results.Json(new JsonArray(Catalog.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["type"] = "simple",
            ["is_purchasable"] = true,
            ["is_in_stock"] = p.InStock,
            ["prices"] = new JsonObject { ["price"] = p.Price.ToString(CultureInfo.InvariantCulture), ["regular_price"] = p.Price.ToString(CultureInfo.InvariantCulture), ["currency_code"] = "USD", ["currency_minor_unit"] = 2 },
        }).ToArray()));
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

        if (body?["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var id) || Catalog.FirstOrDefault(p => p.Id == id) is not { } product)
        {
            return Error(400, "woocommerce_rest_cart_invalid_product", "This product cannot be added to the cart.");
        }

        if (!product.InStock)
        {
            return Error(400, "woocommerce_rest_product_out_of_stock", "You cannot add that product to the cart because it is out of stock.");
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

        if (body?.Str("payment_method") != "cod" || !CashOnDelivery)
        {
            return Error(400, "woocommerce_rest_checkout_invalid_payment_method", "The selected payment method is not available.");
        }

        if (string.IsNullOrWhiteSpace(body.Str("billing_address", "email")))
        {
            return Error(400, "rest_invalid_param", "Invalid parameter(s): billing_address");
        }

        if (CheckoutError is not null)
        {
            return Error(400, "woocommerce_rest_checkout_process_payment_error", CheckoutError);
        }

        var order = PlaceOrder(cart, body["billing_address"]?.DeepClone() as JsonObject ?? []);
        var orderId = order["id"]!.GetValue<long>();
        IssueTokens(context, FindCart(cart.Token)!);
        return Results.Json(new JsonObject
        {
            ["order_id"] = orderId,
            ["status"] = "processing",
            ["order_key"] = order["order_key"]!.GetValue<string>(),
            ["customer_note"] = body.Str("customer_note") ?? "",
            ["customer_id"] = 0,
            ["billing_address"] = body["billing_address"]?.DeepClone(),
            ["shipping_address"] = body["shipping_address"]?.DeepClone(),
            ["payment_method"] = "cod",
            ["payment_result"] = new JsonObject { ["payment_status"] = "success", ["payment_details"] = new JsonArray(), ["redirect_url"] = $"http://{context.Request.Host}/checkout/order-received/{orderId.ToString(CultureInfo.InvariantCulture)}/?key={order["order_key"]}" },
        });
    }

    private IResult ListOrders(HttpContext context)
    {
        if (!Authenticated(context))
        {
            return Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }

        var listed = ListedOrders();
        context.Response.Headers["X-WP-Total"] = listed.Count.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-WP-TotalPages"] = "1";
        return Results.Json(new JsonArray(listed.Select(o => (JsonNode)o.DeepClone()).ToArray()));
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

        var user = Credential("admin-user");
        var password = Credential("wp-app-password").Replace(" ", "", StringComparison.Ordinal);
        var given = decoded[(colon + 1)..].Replace(" ", "", StringComparison.Ordinal);
        return user.Length > 0 && password.Length > 0
            && string.Equals(decoded[..colon], user, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(password));
    }

    private static string Decode(string? base64) => base64 is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private ShopCart? CartOf(HttpContext context) => FindCart(context.Request.Headers["Cart-Token"].ToString());

    /// <summary>Store API writes need the cart's Cart-Token and its Nonce.</summary>
    private IResult? Authorize(HttpContext context, out ShopCart? cart)
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

    private static void IssueTokens(HttpContext context, ShopCart cart)
    {
        context.Response.Headers["Cart-Token"] = cart.Token;
        context.Response.Headers["Nonce"] = cart.Nonce;
        context.Response.Headers["Nonce-Timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private JsonObject CartJson(ShopCart cart)
    {
        var items = new JsonArray();
        foreach (var (id, quantity) in cart.Items)
        {
            items.Add(new JsonObject { ["key"] = ControllerKey(id), ["id"] = id, ["quantity"] = quantity, ["name"] = NameOf(id) });
        }

        return new JsonObject
        {
            ["items"] = items,
            ["items_count"] = cart.Quantity,
            ["needs_payment"] = !cart.IsEmpty,
            ["needs_shipping"] = false,
            ["payment_methods"] = CashOnDelivery ? new JsonArray("cod") : new JsonArray("bacs"),
            ["totals"] = new JsonObject { ["total_price"] = Total(cart).ToString(CultureInfo.InvariantCulture), ["currency_code"] = "USD" },
        };
    }

    private string NameOf(long id) => Catalog.FirstOrDefault(p => p.Id == id)?.Name ?? ProductName;

    /// <summary>The cart's total in cents, at the catalog's prices.</summary>
    private int Total(ShopCart cart) => cart.Items.Sum(i => (Catalog.FirstOrDefault(p => p.Id == i.Id)?.Price ?? ProductPrice) * i.Quantity);

    private async Task RecordAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        request.Body.Position = 0;
        Requests.Enqueue(new ShopRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", request.Host.Host,
            request.Headers.Authorization.ToString(), request.Headers["Cart-Token"].ToString(), request.Headers["Nonce"].ToString(), body));
    }

    private static string ControllerKey(long id) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(id)))[..32];

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message, ["data"] = new JsonObject { ["status"] = status } }, statusCode: status);
}
