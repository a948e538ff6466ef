namespace Urumi.Domain.Ports;

/// <summary>
/// The outcome of one verification pass. <see cref="Passed"/> false with <see cref="Retryable"/>
/// true means "not yet" (503, storefront still booting); false means the shop is broken.
/// </summary>
public sealed record ShopVerification(bool Passed, bool Retryable, string Step, string Detail, long? TestOrderId)
{
    public static ShopVerification Ok(string detail, long? orderId) => new(true, false, "done", detail, orderId);
}
