namespace Urumi.Domain.Ports;

/// <summary>One entry of a release's history (<c>helm history</c>).</summary>
public sealed record HelmRevision(int Revision, HelmReleaseStatus Status, DateTimeOffset? Updated, string? Description);
