using Urumi.Domain.Stores;

namespace Urumi.Domain.Ports;

public sealed record NamespaceSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);
