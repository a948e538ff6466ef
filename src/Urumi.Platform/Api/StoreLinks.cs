using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record StoreLinks(string Self, string Events, string Credentials, string? Operation);
