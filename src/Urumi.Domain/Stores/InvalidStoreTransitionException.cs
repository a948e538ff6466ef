namespace Urumi.Domain.Stores;

public sealed class InvalidStoreTransitionException(StoreStatus? from, StoreStatus to)
    : Exception(from is null
        ? $"A store that does not exist cannot become {to}."
        : $"A store that is {from} cannot become {to}.")
{
    public StoreStatus? From { get; } = from;

    public StoreStatus To { get; } = to;
}
