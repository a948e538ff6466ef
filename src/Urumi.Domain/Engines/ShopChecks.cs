namespace Urumi.Domain.Engines;

/// <summary>
/// The verification a store must pass before it is called Ready. <paramref name="Engine"/> picks
/// the shop probe that speaks the engine's APIs; <paramref name="ManualPayment"/> is the payment
/// method a test order uses without a payment provider (WooCommerce's Cash on Delivery, Medusa's
/// system provider).
/// </summary>
public sealed record ShopChecks(string Engine, bool Storefront, bool StoreApiProducts, bool ManualPayment, bool TestOrder);
