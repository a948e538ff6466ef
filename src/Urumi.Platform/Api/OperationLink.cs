using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record OperationLink(string Id, string Kind, string? RuntimeStatus, string Href);
