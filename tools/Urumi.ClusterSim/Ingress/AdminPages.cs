using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Urumi.ClusterSim.Store;
using static Urumi.ClusterSim.Ingress.ShopHtml;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// The shop's admin, after WordPress's: <c>/wp-login.php</c> takes the store's generated admin user
/// (or email) and password from its credentials Secret, and <c>/wp-admin/</c> shows a dashboard and
/// WooCommerce's orders list (<c>admin.php?page=wc-orders</c>) of the orders that are not in the trash.
/// </summary>
internal sealed class AdminPages(WooCommerceStore shop)
{
    /// <summary>WordPress's login cookie (its real name carries a per-site hash).</summary>
    public const string LoginCookie = "wordpress_logged_in_urumi";
    private const string OrdersPath = "/wp-admin/admin.php";
    private readonly ConcurrentDictionary<string, string> sessions = new(StringComparer.Ordinal);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path == "/wp-login.php")
        {
            return request.Method switch
            {
                "GET" when request.Query["action"] == "logout" => LogOut(context),
                "GET" => LoginForm(request.Query["redirect_to"].ToString(), null, null),
                "POST" => await LogInAsync(context),
                _ => Results.StatusCode(StatusCodes.Status405MethodNotAllowed),
            };
        }

        if (path == "/wp-admin")
        {
            return Results.Redirect("/wp-admin/");
        }

        if (SessionUser(context) is not { } user)
        {
            return Results.Redirect("/wp-login.php?redirect_to=" + Uri.EscapeDataString(path + request.QueryString));
        }

        return (request.Method, path) switch
        {
            ("GET", "/wp-admin/") => Dashboard(user),
            ("GET", OrdersPath) when request.Query["page"] == "wc-orders" => OrdersList(user),
            _ => Admin("Page not found", user, "<h1>Page not found</h1><p>Sorry, you are not allowed to access this page.</p>", 404),
        };
    }

    private static IResult LoginForm(string redirectTo, string? user, string? error, int status = StatusCodes.Status200OK)
    {
        var content = new StringBuilder("<h1>Log in to Urumi Store</h1>");
        if (error is not null)
        {
            content.Append(Errors([error]));
        }

        content.Append("<form name=\"loginform\" id=\"loginform\" method=\"post\" action=\"/wp-login.php\">")
            .Append("<p><label for=\"user_login\">Username or Email Address</label><input type=\"text\" name=\"log\" id=\"user_login\" autocomplete=\"username\" required value=\"")
            .Append(Encode(user)).Append("\"></p>")
            .Append("<p><label for=\"user_pass\">Password</label><input type=\"password\" name=\"pwd\" id=\"user_pass\" autocomplete=\"current-password\" required></p>")
            .Append("<input type=\"hidden\" name=\"redirect_to\" value=\"").Append(Encode(redirectTo)).Append("\">")
            .Append("<button type=\"submit\" name=\"wp-submit\" id=\"wp-submit\" class=\"button button-primary\">Log In</button></form>")
            .Append("<p>The store's admin user and password are shown by the Urumi dashboard (the store's panel, <em>Credentials</em>) and by <code>GET /api/stores/{name}/credentials</code>.</p>");
        return Page("Log In", "login wp-core-ui", "<a href=\"/\">← Go to Urumi Store</a>", content.ToString(), status);
    }

    private async Task<IResult> LogInAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var login = form?["log"].ToString().Trim() ?? "";
        var redirectTo = form?["redirect_to"].ToString() ?? "";
        var user = shop.Credential("admin-user");
        var password = shop.Credential("admin-password");
        var known = login.Length > 0 && user.Length > 0
            && (string.Equals(login, user, StringComparison.Ordinal) || string.Equals(login, shop.Credential("admin-email"), StringComparison.OrdinalIgnoreCase));
        if (!known)
        {
            return LoginForm(redirectTo, login, login.Length == 0
                ? "<strong>Error:</strong> The username field is empty."
                : $"<strong>Error:</strong> The username <strong>{Encode(login)}</strong> is not registered on this site.", 401);
        }

        var given = Encoding.UTF8.GetBytes(form?["pwd"].ToString() ?? "");
        if (password.Length == 0 || !CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(password)))
        {
            return LoginForm(redirectTo, login, $"<strong>Error:</strong> The password you entered for the username <strong>{Encode(user)}</strong> is incorrect.", 401);
        }

        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        sessions[session] = user;
        context.Response.Cookies.Append(LoginCookie, session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });

        // Only a path on this site, as WordPress's wp_safe_redirect allows.
        var local = redirectTo.StartsWith('/') && !redirectTo.StartsWith("//", StringComparison.Ordinal) && !redirectTo.Contains('\\', StringComparison.Ordinal);
        return Results.Redirect(local ? redirectTo : "/wp-admin/");
    }

    private IResult LogOut(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(LoginCookie, out var session) && session is not null)
        {
            sessions.TryRemove(session, out _);
        }

        context.Response.Cookies.Delete(LoginCookie, new CookieOptions { Path = "/" });
        return Results.Redirect("/wp-login.php");
    }

    private IResult Dashboard(string user)
    {
        var count = shop.ListedOrders().Count;
        return Admin("Dashboard", user,
            "<h1>Dashboard</h1>"
            + $"<p>Welcome, {Encode(user)}. This shop has <a href=\"{OrdersPath}?page=wc-orders\">{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? "order" : "orders")}</a>.</p>");
    }

    private IResult OrdersList(string user)
    {
        var orders = shop.ListedOrders();
        var content = new StringBuilder("<h1 class=\"wp-heading-inline\">Orders</h1>");
        if (orders.Count == 0)
        {
            content.Append("<p class=\"woocommerce-info\">No orders found.</p>");
        }
        else
        {
            content.Append("<table class=\"wp-list-table widefat fixed striped table-view-list orders\"><thead><tr>")
                .Append("<th scope=\"col\">Order</th><th scope=\"col\">Date</th><th scope=\"col\">Status</th><th scope=\"col\">Total</th></tr></thead><tbody>");
            foreach (var order in orders)
            {
                var id = order["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
                var name = $"{order.Str("billing", "first_name")} {order.Str("billing", "last_name")}".Trim();
                var status = order.Str("status") ?? "";
                content.Append("<tr id=\"order-").Append(id).Append("\"><td class=\"order_number\"><strong>#").Append(id).Append(' ').Append(Encode(name)).Append("</strong></td>")
                    .Append("<td class=\"order_date\">").Append(Encode(ShopPages.DateOf(order))).Append("</td>")
                    .Append("<td class=\"order_status\"><span class=\"status\">").Append(Encode(status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..])).Append("</span></td>")
                    .Append("<td class=\"order_total\">$").Append(Encode(order.Str("total"))).Append("</td></tr>");
            }

            content.Append("</tbody></table>");
        }

        return Admin("Orders", user, content.ToString());
    }

    private static IResult Admin(string title, string user, string content, int status = StatusCodes.Status200OK) =>
        Page(title, "wp-admin wp-core-ui",
            "<a href=\"/wp-admin/\">Dashboard</a>"
            + $"<a href=\"{OrdersPath}?page=wc-orders\">Orders</a>"
            + "<a href=\"/\">Visit store</a>"
            + $"<a href=\"/wp-login.php?action=logout\">Log out ({Encode(user)})</a>",
            content, status);

    private string? SessionUser(HttpContext context) =>
        context.Request.Cookies.TryGetValue(LoginCookie, out var session) && session is not null && sessions.TryGetValue(session, out var user) ? user : null;
}
