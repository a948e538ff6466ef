namespace Urumi.Domain.Ports;

/// <summary>
/// Any namespace of the cluster, ours or not: the cleanup needs the labels to tell a Urumi-looking
/// Helm release in an unlabelled namespace (reported, never touched) from one of ours.
/// </summary>
public sealed record NamespaceInfo(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? DeletingSince,
    bool Terminating);
