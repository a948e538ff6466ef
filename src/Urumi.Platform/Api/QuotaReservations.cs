using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Api;

/// <summary>
/// The owner quota counted as "stores the inventory shows + stores this process admitted that it does
/// not show yet": a store's namespace is created by its workflow's first activity, and the watch-fed
/// inventory sees it a moment after that, so a burst of creates would otherwise each count the same
/// few stores. A reservation lasts until the inventory shows the store, its start is refused, or
/// <see cref="Hold"/> passes. Checking and reserving happen under one lock, so two creates of one
/// owner cannot both take the last place. (Replicas each hold their own reservations; between
/// replicas the count is as fresh as the watch.)
/// </summary>
public sealed class QuotaReservations(TimeProvider time)
{
    /// <summary>Longer than a workflow takes to create the namespace, even with its first activity queued behind a burst.</summary>
    internal static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves <paramref name="stores"/> for <paramref name="owner"/> when they fit under <paramref name="max"/>
    /// with what <paramref name="known"/> shows: null when reserved, else how many stores the owner holds.
    /// </summary>
    public int? TryReserve(string owner, IReadOnlyCollection<StoreName> stores, IReadOnlyList<ManagedStore> known, int max)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(known);
        var shown = known.Select(s => s.Name.Value).ToHashSet(StringComparer.Ordinal);
        var owned = known.Count(s => string.Equals(s.Owner, owner, StringComparison.Ordinal));
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var name in pending.Where(p => p.Value.Until <= now || shown.Contains(p.Key)).Select(p => p.Key).ToList())
            {
                pending.Remove(name);
            }

            var held = owned + pending.Count(p => string.Equals(p.Value.Owner, owner, StringComparison.Ordinal));
            if (held + stores.Count > max)
            {
                return held;
            }

            foreach (var store in stores)
            {
                pending[store.Value] = (owner, now + Hold);
            }

            return null;
        }
    }

    /// <summary>Gives back the places of stores whose start was refused or failed.</summary>
    public void Release(IEnumerable<StoreName> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        lock (gate)
        {
            foreach (var store in stores)
            {
                pending.Remove(store.Value);
            }
        }
    }
}
