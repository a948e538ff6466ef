using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="Stores">One upgrade per store, in the order they are started.</param>
/// <param name="Window">How many run at once.</param>
/// <param name="StopAfterFailures">After this many failures no new upgrade starts; the rest are skipped.</param>
public sealed record BulkUpgradeInput(IReadOnlyList<UpgradeStoreInput> Stores, int Window, int StopAfterFailures);
