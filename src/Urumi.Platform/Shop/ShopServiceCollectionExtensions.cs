using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Shop;

public static class ShopServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shop probes: one <see cref="EngineShopProbe"/> per engine, keyed by its engine id,
    /// behind the <see cref="IShopProbe"/> that picks one per request; their named
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

        services.AddHttpClient(EngineShopProbe.HttpClientName, client =>
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

        AddEngineProbe<WooCommerceShopProbe>(services, Domain.Engines.WooCommerceEngine.EngineId);
        AddEngineProbe<MedusaShopProbe>(services, Domain.Engines.MedusaEngine.EngineId);
        services.TryAddSingleton<IShopProbe, ShopProbe>();
        return services;
    }

    private static void AddEngineProbe<TProbe>(IServiceCollection services, string engine)
        where TProbe : EngineShopProbe =>
        services.TryAddKeyedSingleton<EngineShopProbe, TProbe>(engine);
}
