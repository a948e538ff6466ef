using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Urumi.ClusterSim.Ingress;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Platform.Shop;

namespace Urumi.Platform.Tests.Shop;

public sealed class ShopProbeTests : IAsyncLifetime, IDisposable
{
    private static readonly ShopChecks AllChecks = new(WooCommerceEngine.EngineId, Storefront: true, StoreApiProducts: true, ManualPayment: true, TestOrder: true);

    private readonly CapturingLoggerProvider logs = new();
    private readonly List<ServiceProvider> providers = [];
    private SimulatedShop shop = null!;

    /// <summary>The emulated store, with a catalog of its own: a sold-out product listed first, then two in stock.</summary>
    private WooCommerceStore Store => shop.Store;

    public async Task InitializeAsync()
    {
        shop = await SimulatedShop.StartAsync();
        Store.Catalog = [new(10, "Sold-out Beanie", 1200, InStock: false), new(11, "Urumi Mug", 1200), new(12, "Urumi Shirt", 1200)];
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await shop.DisposeAsync();
    }

    public void Dispose() => logs.Dispose();

    [Fact]
    public async Task VerifyAsync_HealthyShop_PassesWithSummary()
    {
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var orderId = Assert.Single(Store.PlacedOrders);
        Assert.True(result.Passed);
        Assert.Equal($"storefront, 3 products, COD, test order #{orderId} placed and deleted", result.Detail);
        Assert.Equal(orderId, result.TestOrderId);
    }

    [Fact]
    public async Task VerifyAsync_HealthyShop_DeletesTestOrderWithAdminBasicAuth()
    {
        var probe = CreateProbe();

        await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var orderId = Assert.Single(Store.PlacedOrders);
        var delete = Assert.Single(Store.Requests, r => r.Method == "DELETE");
        Assert.Equal($"/wp-json/wc/v3/orders/{orderId}", delete.Path);
        Assert.Equal("?force=true", delete.Query);
        Assert.Equal(SimulatedShop.BasicAuthorization(SimulatedShop.ApplicationPassword), delete.Authorization);
        Assert.Equal([orderId], Store.DeletedOrders);
        Assert.Empty(Store.OpenOrders);
    }

    [Fact]
    public async Task VerifyAsync_HealthyShop_AddsFirstPurchasableInStockProduct()
    {
        var probe = CreateProbe();

        await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var addItem = Assert.Single(Store.Requests, r => r.Path == "/wp-json/wc/store/v1/cart/add-item");
        var body = JsonNode.Parse(addItem.Body)!;
        Assert.Equal(11, body["id"]!.GetValue<long>());
        Assert.Equal(1, body["quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task VerifyAsync_HealthyShop_SendsOneCartTokenAndItsNonceOnWrites()
    {
        var probe = CreateProbe();

        await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var writes = Store.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w => Assert.False(string.IsNullOrEmpty(w.CartToken)));
        Assert.All(writes, w => Assert.False(string.IsNullOrEmpty(w.Nonce)));
        Assert.Equal(writes[0].CartToken, writes[1].CartToken);
    }

    [Fact]
    public async Task VerifyAsync_HealthyShop_ChecksOutAsFakeCustomerWithCashOnDelivery()
    {
        var probe = CreateProbe();

        await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var checkout = Assert.Single(Store.Requests, r => r.Path == "/wp-json/wc/store/v1/checkout");
        var body = JsonNode.Parse(checkout.Body)!;
        Assert.Equal("cod", body["payment_method"]!.GetValue<string>());
        Assert.EndsWith("@example.invalid", body["billing_address"]!["email"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_HealthyShop_SendsStoreHostToIngressAddress()
    {
        var probe = CreateProbe();

        await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.NotEmpty(Store.Requests);
        Assert.All(Store.Requests, r => Assert.Equal(SimulatedShop.StoreHost, r.Host));
    }

    [Fact]
    public async Task VerifyAsync_HostNotRoutedByIngress_ReturnsRetryableStorefrontFailure()
    {
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request("shop2.stores.urumi.test"), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
        Assert.Contains("does not route shop2.stores.urumi.test yet (404)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ServiceUnavailable_ReturnsRetryableStorefrontFailure()
    {
        await shop.StopWordPressAsync();
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
        Assert.Contains("503", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ConnectionRefused_ReturnsRetryableStorefrontFailure()
    {
        var probe = CreateProbe(ingress: new Uri($"http://127.0.0.1:{Ports.Free()}"));

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
        Assert.Contains("Could not reach the ingress", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_StoreSlowerThanRequestTimeout_ReturnsRetryableTimeout()
    {
        Store.ResponseDelay = TimeSpan.FromSeconds(10);
        var probe = CreateProbe(settings: new() { ["Urumi:Shop:RequestTimeout"] = "00:00:00.300" });

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
        Assert.Contains("did not answer GET / within 0.3 s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CallerCancels_ThrowsOperationCanceled()
    {
        Store.ResponseDelay = TimeSpan.FromSeconds(10);
        var probe = CreateProbe();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.VerifyAsync(Request(), Credentials(), cancellation.Token));
    }

    [Fact]
    public async Task VerifyAsync_RedirectToInstallPage_ReturnsPermanentStorefrontFailure()
    {
        shop.FailSetup();
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("storefront", result.Step);
        Assert.StartsWith("WordPress is not installed yet", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoProducts_ReturnsPermanentProductsFailure()
    {
        Store.Catalog = [];
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("products", result.Step);
        Assert.Contains("no published products", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoCashOnDelivery_ReturnsPermanentCartFailure()
    {
        Store.CashOnDelivery = false;
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("cart", result.Step);
        Assert.Contains("Cash on Delivery is not enabled", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CheckoutError_ReturnsPermanentCheckoutFailureWithApiMessage()
    {
        Store.CheckoutError = "Sorry, this store cannot ship to your address.";
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("checkout", result.Step);
        Assert.Contains("Sorry, this store cannot ship to your address.", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WrongApplicationPassword_ReturnsPermanentCleanupFailureNamingOrder()
    {
        shop.RotateApplicationPassword("some other password");
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var orderId = Assert.Single(Store.PlacedOrders);
        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("cleanup", result.Step);
        Assert.Equal(orderId, result.TestOrderId);
        Assert.Contains($"Test order #{orderId} was placed but could not be deleted", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_MissingApplicationPassword_FailsPermanentlyBeforeCheckout()
    {
        var probe = CreateProbe();
        var credentials = new StoreCredentials(SimulatedShop.AdminUser, "admin-secret", "admin@example.invalid", applicationPassword: null);

        var result = await probe.VerifyAsync(Request(), credentials, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("checkout", result.Step);
        Assert.Contains("no WordPress application password", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Store.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task VerifyAsync_NoCredentials_FailsPermanentlyBeforeCheckout()
    {
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), credentials: null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("checkout", result.Step);
        Assert.DoesNotContain(Store.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task VerifyAsync_TestOrderCheckOff_PassesWithoutCheckout()
    {
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(checks: AllChecks with { TestOrder = false }), credentials: null, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal("storefront, 3 products, COD", result.Detail);
        Assert.DoesNotContain(Store.Requests, r => r.Method is "POST" or "DELETE");
    }

    [Fact]
    public async Task VerifyAsync_PlaceTestOrderOptionOff_PassesWithoutCheckout()
    {
        var probe = CreateProbe(settings: new() { ["Urumi:Shop:PlaceTestOrder"] = "false" });

        var result = await probe.VerifyAsync(Request(), credentials: null, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Null(result.TestOrderId);
        Assert.DoesNotContain(Store.Requests, r => r.Method is "POST" or "DELETE");
    }

    [Fact]
    public async Task VerifyAsync_StorefrontCheckOnly_RequestsOnlyTheStorefront()
    {
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(checks: new ShopChecks(WooCommerceEngine.EngineId, true, false, false, false)), credentials: null, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal("storefront", result.Detail);
        Assert.Equal(["/"], Store.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("healthy")]
    [InlineData("wrong-password")]
    [InlineData("checkout-error")]
    public async Task VerifyAsync_AnyOutcome_NeverRevealsApplicationPassword(string mode)
    {
        if (mode == "wrong-password")
        {
            shop.RotateApplicationPassword("some other password");
        }

        // A careless server that echoes what it was sent: the probe must still not repeat it.
        Store.CheckoutError = mode == "checkout-error" ? $"Checkout failed for {SimulatedShop.ApplicationPassword}" : null;
        var probe = CreateProbe();

        var result = await probe.VerifyAsync(Request(), Credentials(), CancellationToken.None);

        var basicToken = SimulatedShop.BasicAuthorization(SimulatedShop.ApplicationPassword)["Basic ".Length..];
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(SimulatedShop.ApplicationPassword, result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(basicToken, result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatedShop.ApplicationPassword, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(basicToken, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUrumiShopProbe_RelativeIngressAddress_FailsValidationAtStart()
    {
        using var provider = BuildServices(new() { ["Urumi:Shop:IngressAddress"] = "ingress.local" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains("IngressAddress must be an absolute http or https URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUrumiShopProbe_NoSettings_UsesDefaults()
    {
        using var provider = BuildServices([]);

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ShopProbeOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.IngressAddress);
        Assert.True(options.PlaceTestOrder);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
    }

    private static ShopProbeRequest Request(string host = SimulatedShop.StoreHost, ShopChecks? checks = null) => new(host, checks ?? AllChecks);

    private static StoreCredentials Credentials() =>
        new(SimulatedShop.AdminUser, "admin-secret", "admin@example.invalid", SimulatedShop.ApplicationPassword);

    private IShopProbe CreateProbe(Uri? ingress = null, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings.TryAdd("Urumi:Shop:IngressAddress", (ingress ?? shop.Address).ToString());
        var provider = BuildServices(settings);
        providers.Add(provider);
        return provider.GetRequiredService<IShopProbe>();
    }

    private ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddUrumiShopProbe();
        return services.BuildServiceProvider();
    }
}
