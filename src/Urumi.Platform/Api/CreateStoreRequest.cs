using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Body of <c>POST /api/stores</c>. Every field is optional; absent (or null) ones take the configured defaults.</summary>
public sealed record CreateStoreRequest(string? Name, string? Engine, string? Plan, int? ExpiresInHours);
