using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Urumi.Domain.Ports;

namespace Urumi.ClusterSim.Tests;

/// <summary>The emulated shop's pages, walked as a browser does: forms, redirects and cookies.</summary>
public sealed partial class ShopPagesTests
{
    private static readonly Dictionary<string, string> Billing = new()
    {
        ["billing_first_name"] = "Ada",
        ["billing_last_name"] = "Lovelace <b>",
        ["billing_address_1"] = "12 Analytical Row",
        ["billing_city"] = "London",
        ["billing_postcode"] = "N1 9GU",
        ["billing_email"] = "ada@example.test",
        ["payment_method"] = "cod",
    };

    [Fact]
    public async Task Checkout_CashOnDeliveryFromTheShopPage_OrderReceivedAndListedByTheRestApi()
    {
        await using var sim = await ReadyStoreAsync();
        using var browser = new Browser(sim);

        var shopPage = await browser.GetAsync("/");
        var added = await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "2" });
        var cart = await browser.GetAsync(added.Location!);
        var checkout = await browser.GetAsync("/checkout/");
        var placed = await browser.PostAsync("/checkout/", new(Billing) { ["woocommerce-process-checkout-nonce"] = Nonce(checkout.Body) });
        var received = await browser.GetAsync(placed.Location!);
        var emptied = await browser.GetAsync("/cart/");
        var listed = JsonNode.Parse((await browser.GetAsync("/wp-json/wc/v3/orders", BasicAuth(IngressTests.AppPassword))).Body)!.AsArray();

        Assert.Contains("Add to cart", shopPage.Body, StringComparison.Ordinal);
        Assert.Contains("has been added to your cart", cart.Body, StringComparison.Ordinal);
        Assert.Contains("$20.00", cart.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, placed.Status);
        Assert.Contains("Thank you. Your order has been received.", received.Body, StringComparison.Ordinal);
        Assert.Contains("Lovelace &lt;b&gt;", received.Body, StringComparison.Ordinal);
        var order = Assert.Single(listed)!;
        Assert.Contains($"Order number: <strong>{order["id"]}</strong>", received.Body, StringComparison.Ordinal);
        Assert.Equal("cod", order["payment_method"]!.GetValue<string>());
        Assert.Equal("20.00", order["total"]!.GetValue<string>());
        Assert.Equal("ada@example.test", order["billing"]!["email"]!.GetValue<string>());
        Assert.Contains("Your cart is currently empty.", emptied.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_EmailMissing_SaysWhichFieldAndPlacesNoOrder()
    {
        await using var sim = await ReadyStoreAsync();
        using var browser = new Browser(sim);
        await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "1" });
        var checkout = await browser.GetAsync("/checkout/");

        var placed = await browser.PostAsync("/checkout/", new(Billing) { ["billing_email"] = " ", ["woocommerce-process-checkout-nonce"] = Nonce(checkout.Body) });

        Assert.Equal(HttpStatusCode.BadRequest, placed.Status);
        Assert.Contains("<strong>Billing Email address</strong> is a required field.", placed.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Ada\"", placed.Body, StringComparison.Ordinal);
        Assert.Empty(sim.Shop(IngressTests.Host)!.OpenOrders);
    }

    [Fact]
    public async Task Checkout_WrongNonce_RefusedAndPlacesNoOrder()
    {
        await using var sim = await ReadyStoreAsync();
        using var browser = new Browser(sim);
        await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "1" });

        var placed = await browser.PostAsync("/checkout/", new(Billing) { ["woocommerce-process-checkout-nonce"] = "forged" });

        Assert.Equal(HttpStatusCode.Forbidden, placed.Status);
        Assert.Empty(sim.Shop(IngressTests.Host)!.OpenOrders);
    }

    [Fact]
    public async Task OrderReceived_WrongOrderKey_DoesNotShowTheOrder()
    {
        await using var sim = await ReadyStoreAsync();
        using var browser = new Browser(sim);
        await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "1" });
        var checkout = await browser.GetAsync("/checkout/");
        var placed = await browser.PostAsync("/checkout/", new(Billing) { ["woocommerce-process-checkout-nonce"] = Nonce(checkout.Body) });

        using var stranger = new Browser(sim);
        var guessed = await stranger.GetAsync(placed.Location!.Split('?')[0] + "?key=wc_order_guess");

        Assert.Equal(HttpStatusCode.NotFound, guessed.Status);
        Assert.DoesNotContain("ada@example.test", guessed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_LoggedInWithTheGeneratedPassword_ListsTheBrowserOrderButNotTheProbesDeletedOne()
    {
        await using var sim = await ReadyStoreAsync();
        var probe = await IngressTests.Probe(sim).VerifyAsync(new ShopProbeRequest(IngressTests.Host, IngressTests.AllChecks), IngressTests.Credentials(IngressTests.AppPassword), CancellationToken.None);
        Assert.True(probe.Passed, probe.Detail);
        using var browser = new Browser(sim);
        await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "1" });
        var checkout = await browser.GetAsync("/checkout/");
        await browser.PostAsync("/checkout/", new(Billing) { ["woocommerce-process-checkout-nonce"] = Nonce(checkout.Body) });
        var order = sim.Shop(IngressTests.Host)!.OpenOrders.Single();
        using var admin = new Browser(sim);

        var anonymous = await admin.GetAsync("/wp-admin/admin.php?page=wc-orders");
        var wrong = await admin.PostAsync("/wp-login.php", new() { ["log"] = "urumi-admin", ["pwd"] = "guess", ["redirect_to"] = "/wp-admin/" });
        var loggedIn = await admin.PostAsync("/wp-login.php", new() { ["log"] = "urumi-admin", ["pwd"] = "admin-secret", ["redirect_to"] = "/wp-admin/admin.php?page=wc-orders" });
        var orders = await admin.GetAsync(loggedIn.Location!);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        Assert.StartsWith("/wp-login.php?redirect_to=", anonymous.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("is incorrect", wrong.Body, StringComparison.Ordinal);
        Assert.Equal("/wp-admin/admin.php?page=wc-orders", loggedIn.Location);
        Assert.Contains($"#{order} Ada Lovelace &lt;b&gt;", orders.Body, StringComparison.Ordinal);
        Assert.Contains("Processing", orders.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($"#{probe.TestOrderId} ", orders.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shop_NamespaceDeletedAndCreatedAgain_StartsWithoutTheOldOrders()
    {
        await using var sim = await ReadyStoreAsync();
        using var browser = new Browser(sim);
        await browser.PostAsync("/cart/", new() { ["add-to-cart"] = "15", ["quantity"] = "1" });
        var checkout = await browser.GetAsync("/checkout/");
        await browser.PostAsync("/checkout/", new(Billing) { ["woocommerce-process-checkout-nonce"] = Nonce(checkout.Body) });
        Assert.Single(sim.Shop(IngressTests.Host)!.OpenOrders);

        sim.Store.Delete(Api.ResourceCatalog.Namespaces, null, IngressTests.Ns);
        await Eventually.TrueAsync(() => sim.Store.TryGet(Api.ResourceCatalog.Namespaces, null, IngressTests.Ns) is null, "the namespace deleted");
        sim.CreateNamespace(IngressTests.Ns);
        IngressTests.SeedStore(sim);
        await IngressTests.WaitForReadyAsync(sim);

        Assert.Empty(sim.Shop(IngressTests.Host)!.OpenOrders);
    }

    [Fact]
    public async Task AdminLogin_OffSiteRedirect_GoesToTheDashboardInstead()
    {
        await using var sim = await ReadyStoreAsync();

        using var browser = new Browser(sim);
        var loggedIn = await browser.PostAsync("/wp-login.php", new() { ["log"] = "admin@example.test", ["pwd"] = "admin-secret", ["redirect_to"] = "//evil.example/" });

        Assert.Equal("/wp-admin/", loggedIn.Location);
    }

    private static async Task<ClusterSimulator> ReadyStoreAsync()
    {
        var sim = await IngressTests.StartAsync();
        IngressTests.SeedStore(sim);
        await IngressTests.WaitForReadyAsync(sim);
        return sim;
    }

    private static string Nonce(string checkoutPage) => NonceField().Match(checkoutPage) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("the checkout page has no nonce field:\n" + checkoutPage);

    private static AuthenticationHeaderValue BasicAuth(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("urumi-admin:" + password)));

    [GeneratedRegex("name=\"woocommerce-process-checkout-nonce\" value=\"([0-9a-f]+)\"")]
    private static partial Regex NonceField();

    private sealed record Reply(HttpStatusCode Status, string Body, string? Location);

    /// <summary>Requests to the store's host through the ingress, keeping cookies; redirects are returned, not followed.</summary>
    private sealed class Browser(ClusterSimulator sim) : IDisposable
    {
        private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

        public Task<Reply> GetAsync(string path, AuthenticationHeaderValue? authorization = null) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(sim.IngressUri, path)) { Headers = { Authorization = authorization } });

        public Task<Reply> PostAsync(string path, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(sim.IngressUri, path)) { Content = new FormUrlEncodedContent(form) });

        public void Dispose() => http.Dispose();

        private async Task<Reply> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                request.Headers.Host = IngressTests.Host;
                using var response = await http.SendAsync(request);
                return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
            }
        }
    }
}
