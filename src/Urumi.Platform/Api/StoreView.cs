using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record StoreView(
    string Name,
    StoreStatus Status,
    string Engine,
    string Plan,
    string? Owner,
    Uri? Url,
    Uri? AdminUrl,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? LastError,
    OperationProgress? Progress,
    OperationLink? Operation,
    StoreLinks Links);
