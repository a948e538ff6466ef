using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using static Urumi.Platform.Shop.ProbeText;

namespace Urumi.Platform.Shop;

/// <summary>
/// Verifies a MedusaJS v2 store through the ingress with Medusa's documented APIs: the storefront;
/// an admin session (<c>POST /auth/user/emailpass</c>) to read the publishable API key the setup Job
/// created; the Store API with that key (regions, products, payment providers); and a test order
/// (cart, line item, shipping method, payment collection and a session with the system provider,
/// completion) that is confirmed, cancelled and archived through the Admin API.
/// </summary>
public sealed class MedusaShopProbe(
    IHttpClientFactory httpClientFactory,
    IOptions<ShopProbeOptions> options,
    ILogger<MedusaShopProbe> logger) : EngineShopProbe(httpClientFactory, options, logger)
{
    /// <summary>Medusa's system payment provider: no money moves, like WooCommerce's Cash on Delivery.</summary>
    public const string SystemPaymentProvider = "pp_system_default";

    private const string JsonHint = "is the Medusa server behind the store's Ingress (/store, /admin, /auth)?";

    public override string Engine => MedusaEngine.EngineId;

    internal override Task<ShopVerification> RunAsync(ProbeSession session, ShopChecks checks, StoreCredentials? credentials) =>
        new MedusaPass(session).RunAsync(checks, credentials);

    /// <summary>One pass: the admin token and the publishable key once known.</summary>
    private sealed class MedusaPass(ProbeSession session)
    {
        private string? adminToken;
        private string? publishableKey;

        public async Task<ShopVerification> RunAsync(ShopChecks checks, StoreCredentials? credentials)
        {
            var placeOrder = checks.TestOrder && session.Settings.PlaceTestOrder;

            if (checks.Storefront)
            {
                await session.CheckStorefrontAsync("medusa", "does not look like the store's Medusa storefront (no Medusa markup in the page).");
                session.Passed("storefront", "storefront");
            }

            if (!checks.StoreApiProducts && !checks.ManualPayment && !placeOrder)
            {
                return session.Verified(checks, null);
            }

            await SignInAsync(credentials);
            var regionId = await RegionAsync();
            var (count, variantId) = await ProductsAsync(regionId);
            session.Passed("products", count == 1 ? "1 product" : $"{Number(count)} products");

            if (checks.ManualPayment || placeOrder)
            {
                await PaymentProviderAsync(regionId);
                session.Passed("payment", "system payment");
            }

            long? orderId = null;
            if (placeOrder)
            {
                orderId = await PlaceAndCancelTestOrderAsync(regionId, variantId);
                session.Passed("cleanup", $"test order #{Number(orderId.Value)} placed, cancelled and archived");
            }

            return session.Verified(checks, orderId);
        }

        /// <summary>An admin JWT, then the first publishable key that is not revoked.</summary>
        private async Task SignInAsync(StoreCredentials? credentials)
        {
            const string step = "admin";
            if (credentials is null)
            {
                throw ProbeFailure.Broken(step, "Cannot check the Store API: the store's admin credentials are unavailable, so the publishable API key cannot be read. Check the store's credentials Secret.");
            }

            var login = await session.SendAsync(step, HttpMethod.Post, "/auth/user/emailpass", new JsonObject
            {
                ["email"] = credentials.AdminEmail,
                ["password"] = credentials.AdminPassword,
            });
            if (login.Status == HttpStatusCode.Unauthorized)
            {
                throw ProbeFailure.Broken(step, $"Medusa rejected the admin '{credentials.AdminEmail}' and its password (401). The setup Job creates that user from the store's Secret; check its logs.");
            }

            session.EnsureSuccess(step, login, "Signing in to the Medusa admin");
            using (var json = session.ParseJson(step, login, "The admin sign-in", JsonHint))
            {
                adminToken = String(json.RootElement, "token")
                    ?? throw ProbeFailure.Broken(step, "Signing in to the Medusa admin returned no token.");
            }

            var keys = await session.SendAsync(step, HttpMethod.Get, "/admin/api-keys?type=publishable", authorization: Bearer());
            session.EnsureSuccess(step, keys, "The admin API key list");
            using var list = session.ParseJson(step, keys, "The admin API key list", JsonHint);
            publishableKey = Items(list.RootElement, "api_keys")
                .Where(k => k.TryGetProperty("revoked_at", out var revoked) is false || revoked.ValueKind == JsonValueKind.Null)
                .Select(k => String(k, "token"))
                .FirstOrDefault(t => !string.IsNullOrEmpty(t))
                ?? throw ProbeFailure.Broken(step, "The store has no publishable API key, so its Store API cannot be used. The setup Job creates one; check its logs.");
        }

        private async Task<string> RegionAsync()
        {
            const string step = "regions";
            using var json = await StoreGetAsync(step, "/store/regions", "The Store API region list");
            return Items(json.RootElement, "regions").Select(r => String(r, "id")).FirstOrDefault(id => id is not null)
                ?? throw ProbeFailure.Broken(step, "The store has no region (the Store API region list is empty), so nothing can be priced or ordered. The setup Job creates one; check its logs.");
        }

        private async Task<(long Count, string? VariantId)> ProductsAsync(string regionId)
        {
            const string step = "products";
            using var json = await StoreGetAsync(step, $"/store/products?region_id={Uri.EscapeDataString(regionId)}", "The Store API product list");
            var products = Items(json.RootElement, "products").ToList();
            if (products.Count == 0)
            {
                throw ProbeFailure.Broken(step, "The shop has no published products (the Store API product list is empty). The setup Job should have seeded one; check its logs.");
            }

            var variantId = products
                .SelectMany(p => Items(p, "variants"))
                .Select(v => String(v, "id"))
                .FirstOrDefault(id => id is not null);
            var count = json.RootElement.TryGetProperty("count", out var c) && c.TryGetInt64(out var total) && total >= products.Count ? total : products.Count;
            return (count, variantId);
        }

        private async Task PaymentProviderAsync(string regionId)
        {
            const string step = "payment";
            using var json = await StoreGetAsync(step, $"/store/payment-providers?region_id={Uri.EscapeDataString(regionId)}", "The Store API payment provider list");
            var providers = Items(json.RootElement, "payment_providers").Select(p => String(p, "id")).OfType<string>().ToList();
            if (!providers.Contains(SystemPaymentProvider, StringComparer.Ordinal))
            {
                var offered = providers.Count == 0 ? "none" : string.Join(", ", providers);
                throw ProbeFailure.Broken(step, $"The system payment provider is not enabled in the store's region: it offers {offered}. Add '{SystemPaymentProvider}' to the region's payment providers.");
            }
        }

        private async Task<long> PlaceAndCancelTestOrderAsync(string regionId, string? variantId)
        {
            if (variantId is null)
            {
                throw ProbeFailure.Broken("products", "No published product has a variant, so no test order can be placed.");
            }

            using var created = await StorePostAsync("cart", "/store/carts", new JsonObject
            {
                ["region_id"] = regionId,
                ["email"] = "test-order@example.invalid",
                ["shipping_address"] = new JsonObject
                {
                    ["first_name"] = "Urumi",
                    ["last_name"] = "Test Customer",
                    ["address_1"] = "1 Verification Street",
                    ["city"] = "Testville",
                    ["postal_code"] = "94103",
                    ["country_code"] = "us",
                },
            }, "Creating a cart");
            var cartId = Id(created.RootElement, "cart") ?? throw ProbeFailure.Broken("cart", "Creating a cart returned no cart id.");
            var cart = $"/store/carts/{Uri.EscapeDataString(cartId)}";

            (await StorePostAsync("cart", cart + "/line-items", new JsonObject { ["variant_id"] = variantId, ["quantity"] = 1 }, "Adding the product to the cart")).Dispose();

            string optionId;
            using (var options = await StoreGetAsync("shipping", $"/store/shipping-options?cart_id={Uri.EscapeDataString(cartId)}", "The Store API shipping options"))
            {
                optionId = Items(options.RootElement, "shipping_options").Select(o => String(o, "id")).FirstOrDefault(id => id is not null)
                    ?? throw ProbeFailure.Broken("shipping", "The cart has no shipping option, so it cannot be completed. The setup Job creates one for the store's region and stock location; check its logs.");
            }

            (await StorePostAsync("shipping", cart + "/shipping-methods", new JsonObject { ["option_id"] = optionId }, "Choosing the shipping method")).Dispose();

            string collectionId;
            using (var collection = await StorePostAsync("payment", "/store/payment-collections", new JsonObject { ["cart_id"] = cartId }, "Creating the payment collection"))
            {
                collectionId = Id(collection.RootElement, "payment_collection") ?? throw ProbeFailure.Broken("payment", "Creating the payment collection returned no id.");
            }

            (await StorePostAsync("payment", $"/store/payment-collections/{Uri.EscapeDataString(collectionId)}/payment-sessions", new JsonObject { ["provider_id"] = SystemPaymentProvider }, "Starting a system payment session")).Dispose();

            string orderId;
            long displayId;
            using (var completed = await StorePostAsync("checkout", cart + "/complete", new JsonObject(), "Completing the cart"))
            {
                var root = completed.RootElement;
                if (String(root, "type") != "order" || !root.TryGetProperty("order", out var order) || String(order, "id") is not { } id)
                {
                    var reason = root.TryGetProperty("error", out var error) ? String(error, "message") : null;
                    throw ProbeFailure.Broken("checkout", $"Completing the cart did not create an order{(reason is null ? "" : ": " + Shorten(reason))}.");
                }

                orderId = id;
                displayId = order.TryGetProperty("display_id", out var display) && display.TryGetInt64(out var n) ? n : 0;
            }

            ShopProbeLog.TestOrderPlaced(session.Logger, session.Host, displayId);
            await ConfirmCancelAndArchiveAsync(orderId, displayId);
            return displayId;
        }

        /// <summary>The order is read back through the Admin API, then cancelled and archived so the new store lists no test order.</summary>
        private async Task ConfirmCancelAndArchiveAsync(string orderId, long displayId)
        {
            const string step = "cleanup";
            var path = $"/admin/orders/{Uri.EscapeDataString(orderId)}";
            foreach (var (method, suffix, what) in new[] { (HttpMethod.Get, "", "read back"), (HttpMethod.Post, "/cancel", "cancelled"), (HttpMethod.Post, "/archive", "archived") })
            {
                var reply = await session.SendAsync(step, method, path + suffix, method == HttpMethod.Post ? new JsonObject() : null, authorization: Bearer());
                if ((int)reply.Status is >= 200 and < 300)
                {
                    continue;
                }

                var reason = $"{Describe(reply.Status)}{ApiMessage(reply.Body)}";
                throw new ProbeFailure(step, IsTransient(reply.Status), $"Test order #{Number(displayId)} ({orderId}) was placed but could not be {what} through the Admin API ({reason}); cancel and archive it by hand if it stays.", displayId);
            }
        }

        private AuthenticationHeaderValue Bearer() => new("Bearer", adminToken);

        private KeyValuePair<string, string>[] KeyHeader() => [new("x-publishable-api-key", publishableKey!)];

        private async Task<JsonDocument> StoreGetAsync(string step, string path, string what)
        {
            var reply = await session.SendAsync(step, HttpMethod.Get, path, headers: KeyHeader());
            session.EnsureSuccess(step, reply, what);
            return session.ParseJson(step, reply, what, JsonHint);
        }

        private async Task<JsonDocument> StorePostAsync(string step, string path, JsonObject body, string what)
        {
            var reply = await session.SendAsync(step, HttpMethod.Post, path, body, KeyHeader());
            session.EnsureSuccess(step, reply, what);
            return session.ParseJson(step, reply, what, JsonHint);
        }

        private static IEnumerable<JsonElement> Items(JsonElement root, string property) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
                : [];

        private static string? Id(JsonElement root, string property) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var item) ? String(item, "id") : null;
    }
}
