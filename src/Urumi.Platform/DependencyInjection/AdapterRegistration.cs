using Microsoft.Extensions.DependencyInjection;
using Urumi.Platform.Audit;
using Urumi.Platform.Helm;
using Urumi.Platform.Kubernetes;
using Urumi.Platform.Shop;

namespace Urumi.Platform.DependencyInjection;

public static class AdapterRegistration
{
    /// <summary>The four adapters behind the Domain ports: Helm, Kubernetes, shop probe and audit log.</summary>
    public static IServiceCollection AddUrumiAdapters(this IServiceCollection services) =>
        services
            .AddUrumiHelm()
            .AddUrumiKubernetes()
            .AddUrumiShopProbe()
            .AddUrumiAudit();
}
