namespace Urumi.Domain.Ports;

public sealed record HelmRelease(
    string Name,
    string Namespace,
    int Revision,
    HelmReleaseStatus Status,
    string Chart,
    DateTimeOffset? Updated,
    string? Description);
