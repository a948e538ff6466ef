using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record BatchCreateRequest(IReadOnlyList<CreateStoreRequest>? Stores);
