using Microsoft.Extensions.DependencyInjection;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Shop;

/// <summary>
/// The <see cref="IShopProbe"/> the workflows call: hands each request to the engine's probe, the
/// <see cref="EngineShopProbe"/> registered under the engine id the request's checks name.
/// </summary>
internal sealed class ShopProbe(IServiceProvider services) : IShopProbe
{
    public Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Checks);
        var probe = services.GetKeyedService<EngineShopProbe>(request.Checks.Engine);
        return probe is null
            ? Task.FromResult(new ShopVerification(false, false, "probe", $"No shop probe knows the engine '{request.Checks.Engine}'; register one in AddUrumiShopProbe.", null))
            : probe.VerifyAsync(request, credentials, cancellationToken);
    }
}
