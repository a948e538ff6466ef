namespace Urumi.Domain.Stores;

/// <summary>What a user asked for. Holds no secret: it travels through orchestration history.</summary>
public sealed record StoreSpec(
    StoreName Name,
    string Engine,
    string Plan,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);
