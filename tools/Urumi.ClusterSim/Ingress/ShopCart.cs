using System.Collections.Concurrent;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// One cart of an emulated shop. The Store API finds it by its <c>Cart-Token</c> header, the browser
/// pages by a cookie holding the same token; writes need its <see cref="Nonce"/>.
/// </summary>
internal sealed class ShopCart(string token, string nonce)
{
    private readonly ConcurrentDictionary<long, int> items = new();

    public string Token { get; } = token;

    public string Nonce { get; } = nonce;

    public IEnumerable<(long Id, int Quantity)> Items => items.Select(kv => (kv.Key, kv.Value));

    public int Quantity => items.Values.Sum();

    public bool IsEmpty => items.IsEmpty;

    public void Add(long id, int quantity) => items.AddOrUpdate(id, quantity, (_, q) => q + quantity);
}
