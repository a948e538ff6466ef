namespace Urumi.Domain.Ports;

/// <param name="StoreUrl">The store's public URL, named in reports; the probe itself connects to the ingress.</param>
public sealed record ShopProbeRequest(string Host, Engines.ShopChecks Checks, Uri? StoreUrl = null);
