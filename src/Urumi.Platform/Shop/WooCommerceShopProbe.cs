using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using static Urumi.Platform.Shop.ProbeText;

namespace Urumi.Platform.Shop;

/// <summary>
/// Verifies a WooCommerce store through the ingress the way a shopper would: storefront, Store API
/// products and cart, and a Cash-on-Delivery test order that is deleted again through the admin
/// REST API (basic auth with the admin user and the store's application password).
/// </summary>
public sealed class WooCommerceShopProbe(
    IHttpClientFactory httpClientFactory,
    IOptions<ShopProbeOptions> options,
    ILogger<WooCommerceShopProbe> logger) : EngineShopProbe(httpClientFactory, options, logger)
{
    internal const string StoreApi = "/wp-json/wc/store/v1";

    private const string JsonHint = "is the WooCommerce Store API enabled and are pretty permalinks on?";

    public override string Engine => WooCommerceEngine.EngineId;

    internal override Task<ShopVerification> RunAsync(ProbeSession session, ShopChecks checks, StoreCredentials? credentials) =>
        new Pass(session).RunAsync(checks, credentials);

    internal override IEnumerable<string?> Secrets(StoreCredentials credentials) => [.. base.Secrets(credentials), BasicToken(credentials)];

    private static string? BasicToken(StoreCredentials credentials) =>
        string.IsNullOrEmpty(credentials.ApplicationPassword)
            ? null
            : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.AdminUser}:{credentials.ApplicationPassword}"));

    /// <summary>One pass: the session and the Store API's session tokens.</summary>
    private sealed class Pass(ProbeSession session)
    {
        private string? cartToken;
        private string? nonce;

        public async Task<ShopVerification> RunAsync(ShopChecks checks, StoreCredentials? credentials)
        {
            var placeOrder = checks.TestOrder && session.Settings.PlaceTestOrder;

            if (checks.Storefront)
            {
                await session.CheckStorefrontAsync(
                    "woocommerce",
                    "does not look like a WooCommerce shop (no WooCommerce markup in the page). Check that the WooCommerce plugin is active.",
                    location => location.Contains("/wp-admin/install.php", StringComparison.OrdinalIgnoreCase)
                        ? ProbeFailure.Broken("storefront", $"WordPress is not installed yet: {session.StoreUrl} redirects to /wp-admin/install.php. The store's setup job did not complete the WordPress installation; check its logs.")
                        : null);
                session.Passed("storefront", "storefront");
            }

            long? productId = null;
            if (checks.StoreApiProducts || placeOrder)
            {
                (var count, productId) = await CheckProductsAsync();
                session.Passed("products", count == 1 ? "1 product" : $"{Number(count)} products");
            }

            if (checks.ManualPayment || placeOrder)
            {
                await CheckCartAsync(checks.ManualPayment, placeOrder);
                session.Passed("cart", checks.ManualPayment ? "COD" : null);
            }

            long? orderId = null;
            if (placeOrder)
            {
                orderId = await PlaceAndDeleteTestOrderAsync(productId, credentials);
                session.Passed("cleanup", $"test order #{Number(orderId.Value)} placed and deleted");
            }

            return session.Verified(checks, orderId);
        }

        private async Task<(long Count, long? ProductId)> CheckProductsAsync()
        {
            const string step = "products";
            var reply = await SendAsync(step, HttpMethod.Get, StoreApi + "/products");
            session.EnsureSuccess(step, reply, "The Store API product list");
            using var json = session.ParseJson(step, reply, "The Store API product list", JsonHint);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ProbeFailure.Broken(step, "The Store API product list is not a JSON array; is the WooCommerce Store API enabled?");
            }

            var listed = json.RootElement.GetArrayLength();
            if (listed == 0)
            {
                throw ProbeFailure.Broken(step, "The shop has no published products (the Store API product list is empty). The store's setup job should have seeded one; check its logs.");
            }

            long? productId = null;
            foreach (var product in json.RootElement.EnumerateArray())
            {
                if (product.ValueKind == JsonValueKind.Object
                    && product.TryGetProperty("id", out var id) && id.TryGetInt64(out var value)
                    && !IsFalse(product, "is_purchasable") && !IsFalse(product, "is_in_stock"))
                {
                    productId = value;
                    break;
                }
            }

            // The Store API pages its list; X-WP-Total counts every published product.
            var count = long.TryParse(reply.Header("X-WP-Total"), NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total >= listed ? total : listed;
            return (count, productId);
        }

        private async Task CheckCartAsync(bool requireCod, bool needTokens)
        {
            const string step = "cart";
            var reply = await SendAsync(step, HttpMethod.Get, StoreApi + "/cart");
            session.EnsureSuccess(step, reply, "The Store API cart");
            using var json = session.ParseJson(step, reply, "The Store API cart", JsonHint);
            if (requireCod)
            {
                var methods = new List<string>();
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("payment_methods", out var list)
                    && list.ValueKind == JsonValueKind.Array)
                {
                    methods.AddRange(list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
                }

                if (!methods.Contains("cod", StringComparer.Ordinal))
                {
                    var offered = methods.Count == 0 ? "none" : string.Join(", ", methods);
                    throw ProbeFailure.Broken(step, $"Cash on Delivery is not enabled: the cart offers these payment methods: {offered}. Enable the 'cod' payment gateway.");
                }
            }

            if (needTokens && cartToken is null)
            {
                throw ProbeFailure.Broken(step, "The Store API cart did not return a Cart-Token header, so no test order can be placed.");
            }
        }

        private async Task<long> PlaceAndDeleteTestOrderAsync(long? productId, StoreCredentials? credentials)
        {
            // Refuse before creating anything: an order that cannot be deleted would stay in the shop.
            if (credentials is null)
            {
                throw ProbeFailure.Broken("checkout", "Cannot place the test order: the store's admin credentials are unavailable, so the order could not be deleted afterwards. Check the store's credentials Secret.");
            }

            if (string.IsNullOrEmpty(credentials.ApplicationPassword))
            {
                throw ProbeFailure.Broken("checkout", "Cannot place the test order: the store's credentials have no WordPress application password (the setup job registers it), so the order could not be deleted afterwards.");
            }

            if (productId is null)
            {
                throw ProbeFailure.Broken("products", "No published product is purchasable and in stock, so no test order can be placed.");
            }

            var addItem = await SendAsync("cart", HttpMethod.Post, StoreApi + "/cart/add-item", new JsonObject
            {
                ["id"] = productId.Value,
                ["quantity"] = 1,
            });
            session.EnsureSuccess("cart", addItem, $"Adding product #{Number(productId.Value)} to the cart");

            var checkout = await SendAsync("checkout", HttpMethod.Post, StoreApi + "/checkout", CheckoutBody());
            session.EnsureSuccess("checkout", checkout, "The test order");
            long orderId;
            string? paymentStatus;
            using (var json = session.ParseJson("checkout", checkout, "The checkout response", JsonHint))
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("order_id", out var id) || !id.TryGetInt64(out orderId) || orderId <= 0)
                {
                    throw ProbeFailure.Broken("checkout", "The checkout succeeded but returned no order_id.");
                }

                paymentStatus = root.TryGetProperty("payment_result", out var payment) ? String(payment, "payment_status") : null;
            }

            ShopProbeLog.TestOrderPlaced(session.Logger, session.Host, orderId);
            await DeleteOrderAsync(orderId, credentials);

            if (paymentStatus is "failure" or "error")
            {
                throw new ProbeFailure("checkout", retryable: false, $"Test order #{Number(orderId)} was placed (and deleted) but its Cash-on-Delivery payment status is '{paymentStatus}'.", orderId);
            }

            return orderId;
        }

        private async Task DeleteOrderAsync(long orderId, StoreCredentials credentials)
        {
            const string step = "cleanup";
            var id = Number(orderId);
            var reply = await session.SendAsync(step, HttpMethod.Delete, $"/wp-json/wc/v3/orders/{id}?force=true", authorization: new AuthenticationHeaderValue("Basic", BasicToken(credentials)));
            if (reply.Status == HttpStatusCode.OK)
            {
                return;
            }

            var reason = $"{Describe(reply.Status)}{ApiMessage(reply.Body)}";
            if (reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ProbeFailure(step, retryable: false, $"Test order #{id} was placed but could not be deleted: WordPress rejected the admin user '{credentials.AdminUser}' and its application password ({reason}). Check the store's credentials Secret and delete the order by hand.", orderId);
            }

            throw new ProbeFailure(step, IsTransient(reply.Status), $"Test order #{id} was placed but could not be deleted ({reason}); delete it by hand if it stays.", orderId);
        }

        private JsonObject CheckoutBody()
        {
            var address = new JsonObject
            {
                ["first_name"] = "Urumi",
                ["last_name"] = "Test Customer",
                ["company"] = "",
                ["address_1"] = "1 Verification Street",
                ["address_2"] = "",
                ["city"] = "Testville",
                ["state"] = "CA",
                ["postcode"] = "94103",
                ["country"] = "US",
            };
            var billing = address.DeepClone().AsObject();
            billing["email"] = "test-order@example.invalid";
            billing["phone"] = "555-0100";
            return new JsonObject
            {
                ["billing_address"] = billing,
                ["shipping_address"] = address,
                ["customer_note"] = $"Urumi verification order for {session.Host}; deleted automatically.",
                ["payment_method"] = "cod",
                ["payment_data"] = new JsonArray(),
            };
        }

        /// <summary>A Store API request carrying the session's Cart-Token and Nonce, remembering the new ones.</summary>
        private async Task<ProbeReply> SendAsync(string step, HttpMethod method, string path, JsonObject? body = null)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (cartToken is not null)
            {
                headers.Add(new("Cart-Token", cartToken));
            }

            if (nonce is not null)
            {
                headers.Add(new("Nonce", nonce));
            }

            var reply = await session.SendAsync(step, method, path, body, headers, null, "Cart-Token", "Nonce", "X-WC-Store-API-Nonce", "X-WP-Total");
            cartToken = reply.Header("Cart-Token") ?? cartToken;
            nonce = reply.Header("Nonce") ?? reply.Header("X-WC-Store-API-Nonce") ?? nonce;
            return reply;
        }
    }
}
