using Microsoft.DurableTask.Client;

namespace Urumi.Platform.Storage;

/// <summary>
/// At most one running operation per store, across every replica. Durable dedupe alone is not enough:
/// the Azure Storage provider checks an instance's status and then writes it, so concurrent starts
/// of one instance id all succeed. A claim is a table row per store, taken with an atomic insert (or
/// an ETag-conditional replace of a stale claim). A claim can also carry the start itself
/// (<see cref="QueuedStart"/>), to be scheduled after the request has been answered.
/// </summary>
public interface IOperationClaims
{
    /// <summary>
    /// Claims <paramref name="store"/> for <paramref name="instanceId"/>: null when this caller may start
    /// it, else the id of the operation that holds the store.
    /// </summary>
    Task<string?> TryClaimAsync(DurableTaskClient client, string store, string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="store"/> as <see cref="TryClaimAsync"/> does and records the start in the
    /// claim: the pending start when claimed, else null and the id of the operation that holds the store.
    /// </summary>
    Task<(QueuedStart? Start, string? Holder)> TryClaimWithStartAsync(
        DurableTaskClient client, string store, string instanceId, string orchestrator, string input, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="start"/> for scheduling: refreshes its claim time if the claim is still at
    /// <see cref="QueuedStart.Version"/>, so that neither a new claimer (the claim is fresh again) nor
    /// another scheduler (the version moved) acts on it meanwhile. The leased start, or null when the
    /// claim moved on (another scheduler leased it, it was marked, released or taken over).
    /// </summary>
    Task<QueuedStart?> TryLeaseAsync(QueuedStart start, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="start"/> is scheduled, if its claim is still at its version; false when the claim moved on.</summary>
    Task<bool> MarkScheduledAsync(QueuedStart start, CancellationToken cancellationToken);

    /// <summary>Starts not yet marked scheduled whose claim was written or leased at least <paramref name="olderThan"/> ago.</summary>
    Task<QueuedStart[]> ListPendingAsync(TimeSpan olderThan, CancellationToken cancellationToken);

    /// <summary>The start the claim of <paramref name="store"/> carries, scheduled or not; null when it carries none.</summary>
    Task<QueuedStart?> FindStartAsync(string store, CancellationToken cancellationToken);

    /// <summary>Gives up the claim of <paramref name="store"/> if <paramref name="instanceId"/> still holds it (its operation was never started).</summary>
    Task ReleaseAsync(string store, string instanceId, CancellationToken cancellationToken);
}
