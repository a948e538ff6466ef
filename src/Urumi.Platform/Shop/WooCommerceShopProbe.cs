using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Shop;

/// <summary>
/// Verifies a WooCommerce store through the ingress the way a shopper would: storefront, Store API
/// products and cart, and a Cash-on-Delivery test order that is deleted again through the admin
/// REST API. Every request goes to <see cref="ShopProbeOptions.IngressAddress"/> with the store's
/// host name in the <c>Host</c> header.
/// </summary>
public sealed partial class WooCommerceShopProbe(
    IHttpClientFactory httpClientFactory,
    IOptions<ShopProbeOptions> options,
    ILogger<WooCommerceShopProbe> logger) : IShopProbe
{
    /// <summary>Name of the <see cref="HttpClient"/> registered by <c>AddUrumiShopProbe</c>.</summary>
    public const string HttpClientName = "Urumi.Shop";

    internal const string StoreApi = "/wp-json/wc/store/v1";

    public async Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Host);
        ArgumentNullException.ThrowIfNull(request.Checks);

        var settings = options.Value;
        LogProbeStarting(logger, request.Host, settings.IngressAddress);
        var storeUrl = request.StoreUrl ?? new Uri($"http://{request.Host}/");
        var session = new Session(httpClientFactory.CreateClient(HttpClientName), settings, request.Host, storeUrl, logger, cancellationToken);
        ShopVerification result;
        try
        {
            result = await session.RunAsync(request.Checks, credentials);
        }
        catch (ProbeFailure failure)
        {
            result = new ShopVerification(false, failure.Retryable, failure.Step, failure.Message, failure.OrderId);
        }

        result = Redact(result, credentials);
        if (result.Passed)
        {
            LogProbePassed(logger, request.Host, result.Detail);
        }
        else if (result.Retryable)
        {
            LogProbeNotYet(logger, request.Host, result.Step, result.Detail);
        }
        else
        {
            LogProbeFailed(logger, request.Host, result.Step, result.Detail);
        }

        return result;
    }

    /// <summary>Belt and braces: no secret of the store ever leaves the probe, even if an API echoes it.</summary>
    private static ShopVerification Redact(ShopVerification result, StoreCredentials? credentials)
    {
        if (credentials is null)
        {
            return result;
        }

        var detail = result.Detail;
        foreach (var secret in new[] { credentials.ApplicationPassword, credentials.AdminPassword, BasicToken(credentials) })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                detail = detail.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return ReferenceEquals(detail, result.Detail) ? result : result with { Detail = detail };
    }

    private static string? BasicToken(StoreCredentials credentials) =>
        string.IsNullOrEmpty(credentials.ApplicationPassword)
            ? null
            : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.AdminUser}:{credentials.ApplicationPassword}"));

    /// <summary>One verification pass: the HTTP client, the store, and the Store API session tokens.</summary>
    private sealed class Session(HttpClient client, ShopProbeOptions settings, string host, Uri storeUrl, ILogger logger, CancellationToken cancellationToken)
    {
        private string? cartToken;
        private string? nonce;

        public async Task<ShopVerification> RunAsync(Domain.Engines.ShopChecks checks, StoreCredentials? credentials)
        {
            var passed = new List<string>();
            var placeOrder = checks.TestOrder && settings.PlaceTestOrder;

            if (checks.Storefront)
            {
                await CheckStorefrontAsync();
                passed.Add("storefront");
                LogStepPassed(logger, host, "storefront");
            }

            long? productId = null;
            if (checks.StoreApiProducts || placeOrder)
            {
                (var count, productId) = await CheckProductsAsync();
                passed.Add(count == 1 ? "1 product" : $"{count.ToString(CultureInfo.InvariantCulture)} products");
                LogStepPassed(logger, host, "products");
            }

            if (checks.ManualPayment || placeOrder)
            {
                await CheckCartAsync(checks.ManualPayment, placeOrder);
                if (checks.ManualPayment)
                {
                    passed.Add("COD");
                }

                LogStepPassed(logger, host, "cart");
            }

            long? orderId = null;
            if (placeOrder)
            {
                orderId = await PlaceAndDeleteTestOrderAsync(productId, credentials);
                passed.Add($"test order #{orderId.Value.ToString(CultureInfo.InvariantCulture)} placed and deleted");
                LogStepPassed(logger, host, "cleanup");
            }
            else if (checks.TestOrder)
            {
                passed.Add("test order skipped (Urumi:Shop:PlaceTestOrder is off)");
            }

            return ShopVerification.Ok(passed.Count == 0 ? "no checks requested" : string.Join(", ", passed), orderId);
        }

        private async Task CheckStorefrontAsync()
        {
            const string step = "storefront";
            var reply = await SendAsync(step, HttpMethod.Get, "/");
            var code = (int)reply.Status;
            if (code is >= 300 and < 400)
            {
                var location = reply.Location?.ToString() ?? "(no Location header)";
                if (location.Contains("/wp-admin/install.php", StringComparison.OrdinalIgnoreCase))
                {
                    throw Permanent(step, $"WordPress is not installed yet: {storeUrl} redirects to /wp-admin/install.php. The store's setup job did not complete the WordPress installation; check its logs.");
                }

                throw Permanent(step, $"The storefront {storeUrl} redirects to {Shorten(location)} instead of showing the shop.");
            }

            if (reply.Status == HttpStatusCode.NotFound)
            {
                throw Retryable(step, $"The ingress at {settings.IngressAddress} does not route {host} yet (404).");
            }

            if (IsTransient(reply.Status))
            {
                throw Retryable(step, $"The storefront {storeUrl} is not serving yet ({Describe(reply.Status)}).");
            }

            if (reply.Status != HttpStatusCode.OK)
            {
                throw Permanent(step, $"The storefront {storeUrl} answered {Describe(reply.Status)} instead of 200.");
            }

            if (!reply.Body.Contains("woocommerce", StringComparison.OrdinalIgnoreCase))
            {
                throw Permanent(step, $"The storefront {storeUrl} answers but does not look like a WooCommerce shop (no WooCommerce markup in the page). Check that the WooCommerce plugin is active.");
            }
        }

        private async Task<(long Count, long? ProductId)> CheckProductsAsync()
        {
            const string step = "products";
            var reply = await SendAsync(step, HttpMethod.Get, StoreApi + "/products");
            EnsureApiSuccess(step, reply, "The Store API product list");
            using var json = ParseJson(step, reply, "The Store API product list");
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Permanent(step, "The Store API product list is not a JSON array; is the WooCommerce Store API enabled?");
            }

            var listed = json.RootElement.GetArrayLength();
            if (listed == 0)
            {
                throw Permanent(step, "The shop has no published products (the Store API product list is empty). The store's setup job should have seeded one; check its logs.");
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
            var count = reply.Total is { } total && total >= listed ? total : listed;
            return (count, productId);
        }

        private async Task CheckCartAsync(bool requireCod, bool needTokens)
        {
            const string step = "cart";
            var reply = await SendAsync(step, HttpMethod.Get, StoreApi + "/cart");
            EnsureApiSuccess(step, reply, "The Store API cart");
            RememberTokens(reply);
            using var json = ParseJson(step, reply, "The Store API cart");
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
                    throw Permanent(step, $"Cash on Delivery is not enabled: the cart offers these payment methods: {offered}. Enable the 'cod' payment gateway.");
                }
            }

            if (needTokens && cartToken is null)
            {
                throw Permanent(step, "The Store API cart did not return a Cart-Token header, so no test order can be placed.");
            }
        }

        private async Task<long> PlaceAndDeleteTestOrderAsync(long? productId, StoreCredentials? credentials)
        {
            // Refuse before creating anything: an order that cannot be deleted would stay in the shop.
            if (credentials is null)
            {
                throw Permanent("checkout", "Cannot place the test order: the store's admin credentials are unavailable, so the order could not be deleted afterwards. Check the store's credentials Secret.");
            }

            if (string.IsNullOrEmpty(credentials.ApplicationPassword))
            {
                throw Permanent("checkout", "Cannot place the test order: the store's credentials have no WordPress application password (the setup job registers it), so the order could not be deleted afterwards.");
            }

            if (productId is null)
            {
                throw Permanent("products", "No published product is purchasable and in stock, so no test order can be placed.");
            }

            var addItem = await SendAsync("cart", HttpMethod.Post, StoreApi + "/cart/add-item", new JsonObject
            {
                ["id"] = productId.Value,
                ["quantity"] = 1,
            });
            EnsureApiSuccess("cart", addItem, $"Adding product #{productId.Value.ToString(CultureInfo.InvariantCulture)} to the cart");
            RememberTokens(addItem);

            var checkout = await SendAsync("checkout", HttpMethod.Post, StoreApi + "/checkout", CheckoutBody());
            EnsureApiSuccess("checkout", checkout, "The test order");
            RememberTokens(checkout);
            long orderId;
            string? paymentStatus;
            using (var json = ParseJson("checkout", checkout, "The checkout response"))
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("order_id", out var id) || !id.TryGetInt64(out orderId) || orderId <= 0)
                {
                    throw Permanent("checkout", "The checkout succeeded but returned no order_id.");
                }

                paymentStatus = root.TryGetProperty("payment_result", out var payment) && payment.ValueKind == JsonValueKind.Object
                    && payment.TryGetProperty("payment_status", out var status) && status.ValueKind == JsonValueKind.String
                    ? status.GetString()
                    : null;
            }

            LogTestOrderPlaced(logger, host, orderId);
            await DeleteOrderAsync(orderId, credentials);

            if (paymentStatus is "failure" or "error")
            {
                throw new ProbeFailure("checkout", retryable: false, $"Test order #{orderId.ToString(CultureInfo.InvariantCulture)} was placed (and deleted) but its Cash-on-Delivery payment status is '{paymentStatus}'.", orderId);
            }

            return orderId;
        }

        private async Task DeleteOrderAsync(long orderId, StoreCredentials credentials)
        {
            const string step = "cleanup";
            var id = orderId.ToString(CultureInfo.InvariantCulture);
            var reply = await SendAsync(step, HttpMethod.Delete, $"/wp-json/wc/v3/orders/{id}?force=true", body: null, new AuthenticationHeaderValue("Basic", BasicToken(credentials)));
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
                ["customer_note"] = $"Urumi verification order for {host}; deleted automatically.",
                ["payment_method"] = "cod",
                ["payment_data"] = new JsonArray(),
            };
        }

        private void RememberTokens(Reply reply)
        {
            cartToken = reply.CartToken ?? cartToken;
            nonce = reply.Nonce ?? nonce;
        }

        private async Task<Reply> SendAsync(string step, HttpMethod method, string path, JsonObject? body = null, AuthenticationHeaderValue? authorization = null)
        {
            using var message = new HttpRequestMessage(method, new Uri(settings.IngressAddress, path));
            message.Headers.Host = host;
            message.Headers.Authorization = authorization;
            if (path.StartsWith(StoreApi, StringComparison.Ordinal))
            {
                if (cartToken is not null)
                {
                    message.Headers.TryAddWithoutValidation("Cart-Token", cartToken);
                }

                if (nonce is not null)
                {
                    message.Headers.TryAddWithoutValidation("Nonce", nonce);
                }
            }

            if (body is not null)
            {
                message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.RequestTimeout);
            try
            {
                using var response = await client.SendAsync(message, deadline.Token);
                var text = await response.Content.ReadAsStringAsync(deadline.Token);
                var reply = new Reply(
                    response.StatusCode,
                    response.Headers.Location is { } location && !location.IsAbsoluteUri ? new Uri(storeUrl, location) : response.Headers.Location,
                    Header(response, "Cart-Token"),
                    Header(response, "Nonce") ?? Header(response, "X-WC-Store-API-Nonce"),
                    long.TryParse(Header(response, "X-WP-Total"), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null,
                    text);
                LogResponse(logger, host, method.Method, path, (int)response.StatusCode);
                return reply;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Retryable(step, $"{host} did not answer {method.Method} {PathOnly(path)} within {settings.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s through the ingress at {settings.IngressAddress}.");
            }
            catch (HttpRequestException ex)
            {
                throw Retryable(step, $"Could not reach the ingress at {settings.IngressAddress} for {host}: {ex.Message}");
            }
        }

        private void EnsureApiSuccess(string step, Reply reply, string what)
        {
            if ((int)reply.Status is >= 200 and < 300)
            {
                return;
            }

            if (IsTransient(reply.Status))
            {
                throw Retryable(step, $"{what} is not available yet ({Describe(reply.Status)}).");
            }

            // WordPress answers unknown routes with a JSON error; anything else is the ingress itself.
            if (reply.Status == HttpStatusCode.NotFound && !LooksLikeJson(reply.Body))
            {
                throw Retryable(step, $"The ingress at {settings.IngressAddress} does not route {host} yet (404).");
            }

            throw Permanent(step, $"{what} failed: {Describe(reply.Status)}{ApiMessage(reply.Body)}.");
        }

        private JsonDocument ParseJson(string step, Reply reply, string what)
        {
            try
            {
                return JsonDocument.Parse(reply.Body);
            }
            catch (JsonException)
            {
                throw Permanent(step, $"{what} at {storeUrl} did not return JSON; is the WooCommerce Store API enabled and are pretty permalinks on?");
            }
        }
    }

    private sealed record Reply(HttpStatusCode Status, Uri? Location, string? CartToken, string? Nonce, long? Total, string Body);

    private sealed class ProbeFailure(string step, bool retryable, string message, long? orderId = null) : Exception(message)
    {
        public string Step { get; } = step;

        public bool Retryable { get; } = retryable;

        public long? OrderId { get; } = orderId;
    }

    private static ProbeFailure Retryable(string step, string detail) => new(step, retryable: true, detail);

    private static ProbeFailure Permanent(string step, string detail) => new(step, retryable: false, detail);

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static bool IsFalse(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.False;

    private static bool LooksLikeJson(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        return trimmed.StartsWith("{") || trimmed.StartsWith("[");
    }

    private static string Describe(HttpStatusCode status) =>
        Enum.IsDefined(status)
            ? $"{((int)status).ToString(CultureInfo.InvariantCulture)} {status}"
            : ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary>The WordPress REST error's <c>message</c>, as " — message", or empty.</summary>
    private static string ApiMessage(string body)
    {
        if (!LooksLikeJson(body))
        {
            return "";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(message.GetString())
                ? ": " + Shorten(message.GetString()!)
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");

    private static string PathOnly(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? path : path[..query];
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Verifying shop {Host} through the ingress at {IngressAddress}")]
    private static partial void LogProbeStarting(ILogger logger, string host, Uri ingressAddress);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Shop {Host}: {Method} {Path} answered {StatusCode}")]
    private static partial void LogResponse(ILogger logger, string host, string method, string path, int statusCode);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Shop {Host}: step {Step} passed")]
    private static partial void LogStepPassed(ILogger logger, string host, string step);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Shop {Host}: test order #{OrderId} placed")]
    private static partial void LogTestOrderPlaced(ILogger logger, string host, long orderId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Shop {Host} verified: {Detail}")]
    private static partial void LogProbePassed(ILogger logger, string host, string detail);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Shop {Host} not ready at step {Step}: {Detail}")]
    private static partial void LogProbeNotYet(ILogger logger, string host, string step, string detail);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Shop {Host} failed verification at step {Step}: {Detail}")]
    private static partial void LogProbeFailed(ILogger logger, string host, string step, string detail);
}
