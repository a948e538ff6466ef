using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Shop;

public static class ShopServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WooCommerceShopProbe"/> as <see cref="IShopProbe"/> with its named
    /// <see cref="HttpClient"/> and <see cref="ShopProbeOptions"/> bound from <c>Urumi:Shop</c>
    /// (validated at start).
    /// </summary>
    public static IServiceCollection AddUrumiShopProbe(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ShopProbeOptions>()
            .BindConfiguration(ShopProbeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHttpClient(WooCommerceShopProbe.HttpClientName, client =>
            {
                // Each request carries its own deadline (ShopProbeOptions.RequestTimeout) so a
                // timeout can be told apart from the caller's cancellation.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = 4 * 1024 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Urumi-ShopProbe/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect is an answer to judge (install.php, https), never something to follow.
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        services.TryAddSingleton<IShopProbe, WooCommerceShopProbe>();
        return services;
    }
}
