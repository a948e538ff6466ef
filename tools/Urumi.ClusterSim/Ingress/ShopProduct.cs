namespace Urumi.ClusterSim.Ingress;

/// <summary>A product of an emulated shop's catalog, as the Store API lists it (price in cents, USD).</summary>
public sealed record ShopProduct(long Id, string Name, int Price, bool InStock = true);
