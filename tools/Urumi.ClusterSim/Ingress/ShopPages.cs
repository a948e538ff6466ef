using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Urumi.ClusterSim.Store;
using static Urumi.ClusterSim.Ingress.ShopHtml;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// The storefront a person clicks through, in plain server-rendered HTML after WooCommerce's pages:
/// shop → add to cart → cart → checkout (billing details, Cash on Delivery) → order received. The
/// browser's cart is the store's <see cref="ShopCart"/> whose token is in a cookie, so the Store API
/// and these pages share carts and orders.
/// </summary>
internal sealed class ShopPages(WooCommerceStore shop)
{
    /// <summary>WooCommerce keeps the cart session in a cookie of this name.</summary>
    public const string CartCookie = "wp_woocommerce_session_urumi";
    private const string OrderReceived = "/checkout/order-received/";

    private static readonly (string Field, string Label, string Type)[] BillingFields =
    [
        ("billing_first_name", "First name", "text"),
        ("billing_last_name", "Last name", "text"),
        ("billing_address_1", "Street address", "text"),
        ("billing_city", "Town / City", "text"),
        ("billing_postcode", "Postcode / ZIP", "text"),
        ("billing_email", "Email address", "email"),
    ];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        return (request.Method, path) switch
        {
            ("GET", "/") => Storefront(context),
            ("GET", ShopHtml.StylesheetPath) => Results.Text(ShopHtml.Stylesheet, "text/css; charset=UTF-8"),
            ("GET", "/cart/") => Cart(context),
            ("POST", "/cart/") => await AddToCartAsync(context),
            ("GET", "/checkout/") => CheckoutForm(context, CartOf(context), [], null),
            ("POST", "/checkout/") => await CheckoutAsync(context),
            ("GET", _) when path.StartsWith(OrderReceived, StringComparison.Ordinal) => Received(context, path[OrderReceived.Length..].TrimEnd('/')),
            ("GET", "/cart") or ("GET", "/checkout") => Results.Redirect(path + "/"),
            _ => Page("Page not found", "error404", Nav(context), "<h1>Page not found</h1><p>It looks like nothing was found at this location. <a href=\"/\">Return to shop</a></p>", 404),
        };
    }

    private IResult Storefront(HttpContext context)
    {
        var id = WooCommerceStore.ProductId.ToString(CultureInfo.InvariantCulture);
        var content =
            "<h1 class=\"woocommerce-products-header__title page-title\">Shop</h1>"
            + "<ul class=\"products columns-4\">"
            + $"<li class=\"product type-product post-{id}\"><div class=\"product-image\" role=\"img\" aria-label=\"Product photo\"></div>"
            + $"<h2 class=\"woocommerce-loop-product__title\">{Encode(WooCommerceStore.ProductName)}</h2>"
            + $"<span class=\"price\">{Price(WooCommerceStore.ProductPrice)}</span>"
            + "<form class=\"cart\" method=\"post\" action=\"/cart/\">"
            + $"<input type=\"hidden\" name=\"add-to-cart\" value=\"{id}\">"
            + $"<p><label for=\"quantity_{id}\">Quantity</label><input type=\"number\" id=\"quantity_{id}\" name=\"quantity\" value=\"1\" min=\"1\" max=\"99\"></p>"
            + $"<button type=\"submit\" class=\"button add_to_cart_button\">Add to cart</button></form></li>"
            + "</ul>";
        return Page("Shop", "home woocommerce-shop", Nav(context), content);
    }

    private IResult Cart(HttpContext context)
    {
        var cart = CartOf(context);
        if (cart is null || cart.IsEmpty)
        {
            return Page("Cart", "woocommerce-cart", Nav(context),
                "<h1>Cart</h1><p class=\"cart-empty woocommerce-info\">Your cart is currently empty.</p><p><a class=\"button wc-backward\" href=\"/\">Return to shop</a></p>");
        }

        var content = new StringBuilder("<h1>Cart</h1>");
        if (context.Request.Query.ContainsKey("added"))
        {
            content.Append("<div class=\"woocommerce-message\" role=\"status\">“").Append(Encode(WooCommerceStore.ProductName)).Append("” has been added to your cart.</div>");
        }

        content.Append(ItemsTable(cart))
            .Append("<p><a class=\"button checkout-button\" href=\"/checkout/\">Proceed to checkout</a></p>");
        return Page("Cart", "woocommerce-cart", Nav(context), content.ToString());
    }

    private async Task<IResult> AddToCartAsync(HttpContext context)
    {
        var form = await FormAsync(context);
        if (form is null || form["add-to-cart"] != WooCommerceStore.ProductId.ToString(CultureInfo.InvariantCulture))
        {
            return Page("Cart", "woocommerce-cart", Nav(context), "<h1>Cart</h1>" + Errors(["This product cannot be added to the cart."]) + "<p><a href=\"/\">Return to shop</a></p>", 400);
        }

        if (!int.TryParse(form["quantity"], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity is < 1 or > 99)
        {
            return Page("Cart", "woocommerce-cart", Nav(context), "<h1>Cart</h1>" + Errors(["Please enter a quantity from 1 to 99."]) + "<p><a href=\"/\">Return to shop</a></p>", 400);
        }

        var cart = CartOf(context) ?? shop.NewCart();
        cart.Add(WooCommerceStore.ProductId, quantity);
        context.Response.Cookies.Append(CartCookie, cart.Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        return Results.Redirect("/cart/?added=" + WooCommerceStore.ProductId.ToString(CultureInfo.InvariantCulture));
    }

    private IResult CheckoutForm(HttpContext context, ShopCart? cart, IReadOnlyList<string> errors, IFormCollection? values, int status = StatusCodes.Status200OK)
    {
        if (cart is null || cart.IsEmpty)
        {
            return Results.Redirect("/cart/");
        }

        var content = new StringBuilder("<h1>Checkout</h1>");
        if (errors.Count > 0)
        {
            content.Append(Errors(errors));
        }

        content.Append("<form name=\"checkout\" method=\"post\" class=\"checkout woocommerce-checkout\" action=\"/checkout/\">")
            .Append("<h2>Billing details</h2>");
        foreach (var (field, label, type) in BillingFields)
        {
            content.Append("<p class=\"form-row\"><label for=\"").Append(field).Append("\">").Append(label).Append(" <abbr class=\"required\" title=\"required\">*</abbr></label>")
                .Append("<input type=\"").Append(type).Append("\" id=\"").Append(field).Append("\" name=\"").Append(field)
                .Append("\" required value=\"").Append(Encode(values?[field])).Append("\"></p>");
        }

        content.Append("<h2 id=\"order_review_heading\">Your order</h2>").Append(ItemsTable(cart))
            .Append("<fieldset id=\"payment\"><legend>Payment</legend>")
            .Append("<input type=\"radio\" id=\"payment_method_cod\" name=\"payment_method\" value=\"cod\" checked> <label for=\"payment_method_cod\">Cash on delivery</label>")
            .Append("<p>Pay with cash upon delivery.</p></fieldset>")
            .Append("<input type=\"hidden\" name=\"woocommerce-process-checkout-nonce\" value=\"").Append(cart.Nonce).Append("\">")
            .Append("<button type=\"submit\" id=\"place_order\" class=\"button alt\">Place order</button></form>");
        return Page("Checkout", "woocommerce-checkout", Nav(context), content.ToString(), status);
    }

    private async Task<IResult> CheckoutAsync(HttpContext context)
    {
        var cart = CartOf(context);
        var form = await FormAsync(context);
        if (cart is null || cart.IsEmpty || form is null)
        {
            return Results.Redirect("/cart/");
        }

        if (form["woocommerce-process-checkout-nonce"] != cart.Nonce)
        {
            return CheckoutForm(context, cart, ["We were unable to process your order, please try again."], form, 403);
        }

        var errors = new List<string>();
        foreach (var (field, label, _) in BillingFields)
        {
            if (string.IsNullOrWhiteSpace(form[field]))
            {
                errors.Add($"<strong>Billing {Encode(label)}</strong> is a required field.");
            }
        }

        if (!string.IsNullOrWhiteSpace(form["billing_email"]) && !MailAddress.TryCreate(form["billing_email"].ToString().Trim(), out _))
        {
            errors.Add("<strong>Billing Email address</strong> is not a valid email address.");
        }

        if (form["payment_method"] != "cod")
        {
            errors.Add("Please choose a payment method: this shop takes Cash on delivery.");
        }

        if (errors.Count > 0)
        {
            return CheckoutForm(context, cart, errors, form, 400);
        }

        var billing = new JsonObject();
        foreach (var (field, _, _) in BillingFields)
        {
            billing[field["billing_".Length..]] = form[field].ToString().Trim();
        }

        var order = shop.PlaceOrder(cart, billing);
        return Results.Redirect($"{OrderReceived}{order["id"]}/?key={Uri.EscapeDataString(order.Str("order_key")!)}");
    }

    /// <summary>The thank-you page; like WooCommerce, it shows an order only with its order key.</summary>
    private IResult Received(HttpContext context, string idText)
    {
        var order = long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? shop.FindOrder(id) : null;
        if (order is null || context.Request.Query["key"] != order.Str("order_key"))
        {
            return Page("Order received", "woocommerce-order-received", Nav(context),
                "<h1>Order received</h1><p class=\"woocommerce-error\">Sorry, this order is invalid and cannot be paid for.</p>", 404);
        }

        var content =
            "<h1>Order received</h1>"
            + "<p class=\"woocommerce-notice woocommerce-thankyou-order-received\" role=\"status\">Thank you. Your order has been received.</p>"
            + "<ul class=\"woocommerce-order-overview order_details\">"
            + $"<li class=\"woocommerce-order-overview__order order\">Order number: <strong>{id.ToString(CultureInfo.InvariantCulture)}</strong></li>"
            + $"<li class=\"woocommerce-order-overview__date date\">Date: <strong>{Encode(DateOf(order))}</strong></li>"
            + $"<li class=\"woocommerce-order-overview__email email\">Email: <strong>{Encode(order.Str("billing", "email"))}</strong></li>"
            + $"<li class=\"woocommerce-order-overview__total total\">Total: <strong>${Encode(order.Str("total"))}</strong></li>"
            + "<li class=\"woocommerce-order-overview__payment-method method\">Payment method: <strong>Cash on delivery</strong></li>"
            + "</ul><p>Pay with cash upon delivery.</p>"
            + "<h2>Billing address</h2><address>"
            + $"{Encode(order.Str("billing", "first_name"))} {Encode(order.Str("billing", "last_name"))}<br>{Encode(order.Str("billing", "address_1"))}<br>"
            + $"{Encode(order.Str("billing", "postcode"))} {Encode(order.Str("billing", "city"))}</address>"
            + "<p><a class=\"button\" href=\"/\">Continue shopping</a></p>";
        return Page("Order received", "woocommerce-order-received", Nav(context), content);
    }

    internal static string DateOf(JsonObject order) =>
        DateTime.TryParse(order.Str("date_created"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)
            : "";

    private static string ItemsTable(ShopCart cart)
    {
        var rows = new StringBuilder();
        foreach (var (_, quantity) in cart.Items)
        {
            rows.Append("<tr class=\"cart_item\"><td class=\"product-name\">").Append(Encode(WooCommerceStore.ProductName)).Append("</td>")
                .Append("<td class=\"product-quantity\">").Append(quantity.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"product-subtotal\">").Append(Price(quantity * WooCommerceStore.ProductPrice)).Append("</td></tr>");
        }

        return "<table class=\"shop_table cart\"><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Quantity</th><th scope=\"col\">Subtotal</th></tr></thead>"
            + "<tbody>" + rows + "</tbody>"
            + $"<tfoot><tr class=\"order-total\"><th scope=\"row\" colspan=\"2\">Total</th><td>{Price(cart.Quantity * WooCommerceStore.ProductPrice)}</td></tr></tfoot></table>";
    }

    private string Nav(HttpContext context)
    {
        var quantity = CartOf(context)?.Quantity ?? 0;
        return "<a href=\"/\">Shop</a>"
            + $"<a href=\"/cart/\" class=\"cart-contents\">Cart ({quantity.ToString(CultureInfo.InvariantCulture)})</a>"
            + "<a href=\"/wp-admin/\">Admin</a>";
    }

    private static string Price(int cents) => "$" + WooCommerceStore.Money(cents);

    private ShopCart? CartOf(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CartCookie, out var token) && token is not null ? shop.FindCart(token) : null;

    private static async Task<IFormCollection?> FormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
}
