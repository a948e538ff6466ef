using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record BatchAccepted(string Id, IReadOnlyList<string> Stores, OperationLink Operation);
