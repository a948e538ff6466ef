namespace Urumi.Domain.Ports;

/// <summary>Checks a store through the ingress the way a shopper would.</summary>
public interface IShopProbe
{
    Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken);
}

/// <param name="StoreUrl">The store's public URL, named in reports; the probe itself connects to the ingress.</param>
public sealed record ShopProbeRequest(string Host, Engines.ShopChecks Checks, Uri? StoreUrl = null);

/// <summary>
/// The outcome of one verification pass. <see cref="Passed"/> false with <see cref="Retryable"/>
/// true means "not yet" (503, storefront still booting); false means the shop is broken.
/// </summary>
public sealed record ShopVerification(bool Passed, bool Retryable, string Step, string Detail, long? TestOrderId)
{
    public static ShopVerification Ok(string detail, long? orderId) => new(true, false, "done", detail, orderId);
}
