using Urumi.Domain.Stores;

namespace Urumi.Platform.Api;

public sealed record PhaseCount(StoreStatus Status, string Engine, int Count);
