using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Platform.Shop;

namespace Urumi.Platform.Tests.Shop;

public sealed class MedusaShopProbeTests : IAsyncLifetime, IDisposable
{
    private static readonly ShopChecks AllChecks = new MedusaEngine().Checks;

    private readonly CapturingLoggerProvider logs = new();
    private readonly List<ServiceProvider> providers = [];
    private FakeMedusa fake = null!;

    public async Task InitializeAsync() => fake = await FakeMedusa.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await fake.DisposeAsync();
    }

    public void Dispose() => logs.Dispose();

    [Fact]
    public async Task VerifyAsync_HealthyMedusa_PlacesCancelsAndArchivesTestOrder()
    {
        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        Assert.Equal("storefront, 1 product, system payment, test order #41 placed, cancelled and archived", result.Detail);
        Assert.Equal(41, result.TestOrderId);
        Assert.Equal("archived", Assert.Single(fake.Orders).Value);
    }

    [Fact]
    public async Task VerifyAsync_HealthyMedusa_SendsPublishableKeyOnEveryStoreCallAndBearerOnAdminCalls()
    {
        await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.All(fake.Requests.Where(r => r.Path.StartsWith("/store/", StringComparison.Ordinal)), r => Assert.Equal(FakeMedusa.PublishableKey, r.Key));
        Assert.All(fake.Requests.Where(r => r.Path.StartsWith("/admin/", StringComparison.Ordinal)), r => Assert.StartsWith("Bearer ", r.Authorization, StringComparison.Ordinal));
        Assert.Contains(fake.Requests, r => r.Path == "/store/payment-collections/pay_col_1/payment-sessions" && r.Body.Contains("pp_system_default", StringComparison.Ordinal));
        Assert.Equal(["/admin/orders/order_41", "/admin/orders/order_41/cancel", "/admin/orders/order_41/archive"], fake.Requests.Where(r => r.Path.StartsWith("/admin/orders", StringComparison.Ordinal)).Select(r => r.Path));
    }

    [Fact]
    public async Task VerifyAsync_ServiceUnavailable_ReturnsRetryableStorefrontFailure()
    {
        fake.Unavailable = true;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.True(result.Retryable);
        Assert.Equal("storefront", result.Step);
    }

    [Fact]
    public async Task VerifyAsync_WrongAdminPassword_ReturnsPermanentAdminFailureWithoutThePassword()
    {
        var result = await CreateProbe().VerifyAsync(Request(), Credentials("not-the-password"), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Equal("admin", result.Step);
        Assert.Contains(FakeMedusa.AdminEmail, result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Detail + logs.AllText, StringComparison.Ordinal);
        Assert.Empty(fake.Orders);
    }

    [Fact]
    public async Task VerifyAsync_NoCredentials_FailsPermanentlyBeforeAnyStoreCall()
    {
        var result = await CreateProbe().VerifyAsync(Request(), credentials: null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("admin", result.Step);
        Assert.DoesNotContain(fake.Requests, r => r.Path.StartsWith("/store/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_OnlyRevokedPublishableKey_ReturnsPermanentAdminFailure()
    {
        fake.NoPublishableKey = true;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.Equal("admin", result.Step);
        Assert.Contains("no publishable API key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoProducts_ReturnsPermanentProductsFailure()
    {
        fake.NoProducts = true;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Retryable);
        Assert.Equal("products", result.Step);
        Assert.Contains("no published products", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoSystemPaymentProvider_ReturnsPermanentPaymentFailureNamingWhatIsOffered()
    {
        fake.NoSystemProvider = true;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.Equal("payment", result.Step);
        Assert.Contains("pp_stripe_stripe", result.Detail, StringComparison.Ordinal);
        Assert.Empty(fake.Orders);
    }

    [Fact]
    public async Task VerifyAsync_NoShippingOption_ReturnsPermanentShippingFailure()
    {
        fake.NoShippingOption = true;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.Equal("shipping", result.Step);
        Assert.Empty(fake.Orders);
    }

    [Fact]
    public async Task VerifyAsync_CompletionReturnsCart_ReturnsPermanentCheckoutFailureWithMedusaMessage()
    {
        fake.CompletionError = "Payment authorization failed";

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.Equal("checkout", result.Step);
        Assert.Contains("Payment authorization failed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CancelRefused_ReturnsCleanupFailureNamingTheOrder()
    {
        fake.CancelStatus = 409;

        var result = await CreateProbe().VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("cleanup", result.Step);
        Assert.Equal(41, result.TestOrderId);
        Assert.Contains("#41 (order_41) was placed but could not be cancelled", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_PlaceTestOrderOff_ChecksTheStoreApiWithoutAnOrder()
    {
        var result = await CreateProbe(new() { ["Urumi:Shop:PlaceTestOrder"] = "false" }).VerifyAsync(Request(), Credentials(), CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        Assert.Equal("storefront, 1 product, system payment, test order skipped (Urumi:Shop:PlaceTestOrder is off)", result.Detail);
        Assert.Empty(fake.Orders);
    }

    [Fact]
    public async Task VerifyAsync_UnknownEngine_FailsPermanentlyNamingIt()
    {
        var result = await CreateProbe().VerifyAsync(Request(AllChecks with { Engine = "magento" }), Credentials(), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.False(result.Retryable);
        Assert.Contains("'magento'", result.Detail, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    private static ShopProbeRequest Request(ShopChecks? checks = null) => new(FakeMedusa.StoreHost, checks ?? AllChecks);

    private static StoreCredentials Credentials(string password = FakeMedusa.AdminPassword) =>
        new("shopadmin", password, FakeMedusa.AdminEmail, "unused-app-password");

    private IShopProbe CreateProbe(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings.TryAdd("Urumi:Shop:IngressAddress", fake.Address.ToString());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddUrumiShopProbe();
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<IShopProbe>();
    }
}
