namespace Urumi.Domain.Ports;

/// <summary>One entry of a release's history (<c>helm history</c>).</summary>
/// <param name="Chart">The chart and version of the revision, as helm names it (<c>urumi-store-0.1.0</c>); null when not reported.</param>
public sealed record HelmRevision(int Revision, HelmReleaseStatus Status, DateTimeOffset? Updated, string? Description, string? Chart = null);
