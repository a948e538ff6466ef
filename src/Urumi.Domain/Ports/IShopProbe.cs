namespace Urumi.Domain.Ports;

/// <summary>Checks a store through the ingress the way a shopper would.</summary>
public interface IShopProbe
{
    Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken);
}
