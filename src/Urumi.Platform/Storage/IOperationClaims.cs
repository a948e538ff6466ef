using Microsoft.DurableTask.Client;

namespace Urumi.Platform.Storage;

/// <summary>
/// At most one running operation per store, across every replica. Durable dedupe alone is not enough:
/// the Azure Storage provider checks an instance's status and then writes it, so concurrent starts
/// of one instance id all succeed. A claim is a table row per store, taken with an atomic insert (or
/// an ETag-conditional replace of a stale claim).
/// </summary>
public interface IOperationClaims
{
    /// <summary>
    /// Claims <paramref name="store"/> for <paramref name="instanceId"/>: null when this caller may start
    /// it, else the id of the operation that holds the store.
    /// </summary>
    Task<string?> TryClaimAsync(DurableTaskClient client, string store, string instanceId, CancellationToken cancellationToken);

    /// <summary>Gives up the claim of <paramref name="store"/> if <paramref name="instanceId"/> still holds it (its operation was never started).</summary>
    Task ReleaseAsync(string store, string instanceId, CancellationToken cancellationToken);
}
