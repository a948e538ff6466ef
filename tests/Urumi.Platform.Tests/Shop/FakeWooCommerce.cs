using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Tests.Shop;

/// <summary>
/// A test-only WooCommerce: storefront, Store API (products, cart with Cart-Token/Nonce, add-item,
/// checkout) and the admin orders endpoint with basic auth, on Kestrel at 127.0.0.1 on a random port.
/// Answers only <see cref="StoreHost"/>; any other Host gets the ingress's 404.
/// </summary>
internal sealed class FakeWooCommerce : IAsyncDisposable
{
    public const string StoreHost = "shop1.stores.urumi.test";
    public const string AdminUser = "urumi-admin";
    public const string ApplicationPassword = "Zq7v Kp2m Xw9r Lb4t Nc6y Hd8s";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Cart> carts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, bool> orders = new();
    private long lastOrderId = 1000;

    private FakeWooCommerce(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every answer (store host or not) is 503, like an ingress with no ready backend.</summary>
    public bool Unavailable { get; set; }

    /// <summary>The storefront redirects to /wp-admin/install.php.</summary>
    public bool RedirectToInstall { get; set; }

    public bool NoProducts { get; set; }

    public bool NoCashOnDelivery { get; set; }

    /// <summary>When set, checkout fails with this WooCommerce error message.</summary>
    public string? CheckoutError { get; set; }

    /// <summary>The application password the admin API accepts.</summary>
    public string AcceptedApplicationPassword { get; set; } = ApplicationPassword;

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public ConcurrentQueue<long> DeletedOrders { get; } = new();

    public ConcurrentQueue<long> PlacedOrders { get; } = new();

    /// <summary>Orders placed and not deleted.</summary>
    public IReadOnlyCollection<long> OpenOrders => orders.Keys.ToList();

    public static string ExpectedBasicAuthorization(string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{password}"));

    public static async Task<FakeWooCommerce> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var fake = new FakeWooCommerce(builder.Build());
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
            string body;
            using (var reader = new StreamReader(request.Body))
            {
                body = await reader.ReadToEndAsync(context.RequestAborted);
            }

            Requests.Enqueue(new Seen(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Host.Host,
                request.Headers.Authorization.ToString(), request.Headers["Cart-Token"].ToString(), request.Headers["Nonce"].ToString(), body));
            context.Items["body"] = body;

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (Unavailable)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("<html><body>503 Service Temporarily Unavailable</body></html>");
                return;
            }

            if (!string.Equals(request.Host.Host, StoreHost, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = 404;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>");
                return;
            }

            await next(context);
        });

        app.MapGet("/", (HttpContext context) =>
        {
            if (RedirectToInstall)
            {
                return Results.Redirect($"http://{StoreHost}/wp-admin/install.php");
            }

            return Results.Content(
                "<!DOCTYPE html><html><head><title>Shop</title></head><body class=\"home woocommerce-shop woocommerce\"><ul class=\"products\"></ul></body></html>",
                "text/html");
        });

        app.MapGet("/wp-json/wc/store/v1/products", (HttpContext context) =>
        {
            var products = new JsonArray();
            if (!NoProducts)
            {
                products.Add(Product(10, "Sold-out Beanie", inStock: false));
                products.Add(Product(11, "Urumi Mug", inStock: true));
                products.Add(Product(12, "Urumi Shirt", inStock: true));
            }

            context.Response.Headers["X-WP-Total"] = products.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(products);
        });

        app.MapGet("/wp-json/wc/store/v1/cart", (HttpContext context) =>
        {
            var cart = CartOf(context) ?? NewCart();
            IssueTokens(context, cart);
            return Results.Json(CartJson(cart));
        });

        app.MapPost("/wp-json/wc/store/v1/cart/add-item", (HttpContext context) =>
        {
            if (Authorize(context) is not { } cart)
            {
                return MissingNonce();
            }

            var body = JsonNode.Parse((string)context.Items["body"]!)!;
            var id = body["id"]!.GetValue<long>();
            if (id is not (11 or 12))
            {
                return Error(400, "woocommerce_rest_product_out_of_stock", "You cannot add that product to the cart because it is out of stock.");
            }

            cart.Items.Add(id);
            IssueTokens(context, cart);
            return Results.Json(CartJson(cart), statusCode: 201);
        });

        app.MapPost("/wp-json/wc/store/v1/checkout", (HttpContext context) =>
        {
            if (Authorize(context) is not { } cart)
            {
                return MissingNonce();
            }

            if (cart.Items.IsEmpty)
            {
                return Error(400, "woocommerce_rest_cart_empty", "Cannot create order from empty cart.");
            }

            var body = JsonNode.Parse((string)context.Items["body"]!)!;
            if (body["payment_method"]?.GetValue<string>() != "cod" || NoCashOnDelivery)
            {
                return Error(400, "woocommerce_rest_checkout_invalid_payment_method", "The selected payment method is not available.");
            }

            if (CheckoutError is not null)
            {
                return Error(400, "woocommerce_rest_checkout_process_payment_error", CheckoutError);
            }

            var orderId = Interlocked.Increment(ref lastOrderId);
            orders[orderId] = true;
            PlacedOrders.Enqueue(orderId);
            IssueTokens(context, cart);
            return Results.Json(new JsonObject
            {
                ["order_id"] = orderId,
                ["status"] = "processing",
                ["order_key"] = $"wc_order_{orderId}",
                ["payment_method"] = "cod",
                ["payment_result"] = new JsonObject { ["payment_status"] = "success", ["payment_details"] = new JsonArray(), ["redirect_url"] = "" },
            });
        });

        app.MapDelete("/wp-json/wc/v3/orders/{id:long}", (HttpContext context, long id) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != ExpectedBasicAuthorization(AcceptedApplicationPassword))
            {
                // A careless server that echoes what it was sent: the probe must still not repeat it.
                return Error(401, "woocommerce_rest_cannot_delete", $"Sorry, you are not allowed to delete this resource (got '{authorization}').");
            }

            if (context.Request.Query["force"] != "true")
            {
                return Error(501, "woocommerce_rest_trash_not_supported", "Orders do not support trashing.");
            }

            if (!orders.TryRemove(id, out _))
            {
                return Error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }

            DeletedOrders.Enqueue(id);
            return Results.Json(new JsonObject { ["id"] = id, ["status"] = "processing" });
        });

        app.MapFallback(() => Error(404, "rest_no_route", "No route was found matching the URL and request method."));
    }

    private static JsonObject Product(long id, string name, bool inStock) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["is_purchasable"] = true,
        ["is_in_stock"] = inStock,
        ["prices"] = new JsonObject { ["price"] = "1200", ["currency_code"] = "USD" },
    };

    private Cart NewCart()
    {
        var cart = new Cart(Guid.NewGuid().ToString("N"));
        carts[cart.Token] = cart;
        return cart;
    }

    private Cart? CartOf(HttpContext context) =>
        carts.TryGetValue(context.Request.Headers["Cart-Token"].ToString(), out var cart) ? cart : null;

    /// <summary>The cart named by Cart-Token, when the request also carries that cart's current Nonce.</summary>
    private Cart? Authorize(HttpContext context) =>
        CartOf(context) is { } cart && cart.Nonce is not null && context.Request.Headers["Nonce"].ToString() == cart.Nonce ? cart : null;

    private static void IssueTokens(HttpContext context, Cart cart)
    {
        cart.Nonce = Guid.NewGuid().ToString("N")[..10];
        context.Response.Headers["Cart-Token"] = cart.Token;
        context.Response.Headers["Nonce"] = cart.Nonce;
    }

    private JsonObject CartJson(Cart cart)
    {
        var methods = new JsonArray("bacs");
        if (!NoCashOnDelivery)
        {
            methods.Add("cod");
        }

        var items = new JsonArray();
        foreach (var id in cart.Items)
        {
            items.Add(new JsonObject { ["id"] = id, ["quantity"] = 1 });
        }

        return new JsonObject { ["items"] = items, ["items_count"] = cart.Items.Count, ["payment_methods"] = methods };
    }

    private static IResult MissingNonce() =>
        Error(401, "woocommerce_rest_missing_nonce", "Missing the Nonce header. This endpoint requires a valid nonce.");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message, ["data"] = new JsonObject { ["status"] = status } }, statusCode: status);

    private sealed class Cart(string token)
    {
        public string Token { get; } = token;

        public string? Nonce { get; set; }

        public ConcurrentBag<long> Items { get; } = [];
    }

    public sealed record Seen(string Method, string Path, string Query, string Host, string Authorization, string CartToken, string Nonce, string Body);
}
