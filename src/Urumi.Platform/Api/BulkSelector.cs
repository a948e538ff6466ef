using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Which Ready stores a bulk upgrade takes; an absent field matches every store.</summary>
public sealed record BulkSelector(string? Engine, string? Plan);
