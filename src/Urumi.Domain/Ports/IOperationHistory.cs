namespace Urumi.Domain.Ports;

/// <summary>
/// The durable task hub as the cleanup sees it: which operations are live, and purging finished ones.
/// Implemented over <c>DurableTaskClient</c>; in the Functions app the activity wrapper supplies a
/// client bound with <c>[DurableClient]</c>, in Urumi.Server the client comes from DI.
/// </summary>
public interface IOperationHistory
{
    /// <summary>Instance ids of every running, pending or suspended orchestration.</summary>
    Task<IReadOnlyList<string>> ListLiveAsync(CancellationToken cancellationToken);

    /// <summary>Purges completed, failed and terminated instances created before <paramref name="createdBefore"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
