using Microsoft.Extensions.Time.Testing;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Platform.Api;

namespace Urumi.Platform.Tests.Api;

public sealed class QuotaReservationsTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly QuotaReservations reservations;

    public QuotaReservationsTests() => reservations = new QuotaReservations(time);

    [Fact]
    public void TryReserve_LastPlaceTaken_RefusesTheNextWithTheCountHeld()
    {
        Assert.Null(reservations.TryReserve("alice", [Name("shop-a")], [Store("shop-x", "alice")], 2));

        Assert.Equal(2, reservations.TryReserve("alice", [Name("shop-b")], [Store("shop-x", "alice")], 2));
    }

    [Fact]
    public void TryReserve_ReservedStoreNowShownByTheInventory_CountsItOnce()
    {
        Assert.Null(reservations.TryReserve("alice", [Name("shop-a")], [], 2));

        Assert.Null(reservations.TryReserve("alice", [Name("shop-b")], [Store("shop-a", "alice")], 2));
        Assert.Equal(2, reservations.TryReserve("alice", [Name("shop-c")], [Store("shop-a", "alice")], 2));
    }

    [Fact]
    public void TryReserve_AnotherOwnersReservations_DoNotCount()
    {
        Assert.Null(reservations.TryReserve("bob", [Name("shop-a"), Name("shop-b")], [], 2));

        Assert.Null(reservations.TryReserve("alice", [Name("shop-c"), Name("shop-d")], [], 2));
    }

    [Fact]
    public void Release_StartRefused_GivesThePlaceBack()
    {
        Assert.Null(reservations.TryReserve("alice", [Name("shop-a")], [], 1));

        reservations.Release([Name("shop-a")]);

        Assert.Null(reservations.TryReserve("alice", [Name("shop-b")], [], 1));
    }

    [Fact]
    public void TryReserve_ReservationNeverShownPastItsHold_Lapses()
    {
        Assert.Null(reservations.TryReserve("alice", [Name("shop-a")], [], 1));
        time.Advance(QuotaReservations.Hold - TimeSpan.FromSeconds(1));
        Assert.Equal(1, reservations.TryReserve("alice", [Name("shop-b")], [], 1));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(reservations.TryReserve("alice", [Name("shop-b")], [], 1));
    }

    private static StoreName Name(string value) => StoreName.Parse(value);

    private static ManagedStore Store(string name, string owner) =>
        new(Name(name), StoreNaming.NamespacePrefix + name, "woocommerce", "small", owner, null, StoreStatus.Ready, null, null, null, false);
}
