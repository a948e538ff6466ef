using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>The first step of a deletion (<see cref="Activities.TearDownStore"/>).</summary>
/// <param name="Store">The store.</param>
/// <param name="BaseDomain">The stores' base domain.</param>
/// <param name="HelmTimeout">Bound of the <c>helm uninstall</c>.</param>
/// <param name="MaxWait">How long to wait for the namespace to go before answering "not yet".</param>
/// <param name="Accepted">The "accepted" audit row, written once the store is marked Deleting.</param>
/// <param name="Deleted">The "deleted" audit row, written once the namespace is gone.</param>
/// <param name="Timing">The operation a gone namespace ends, for its metrics.</param>
public sealed record TearDownInput(
    StoreName Store, string BaseDomain, TimeSpan HelmTimeout, TimeSpan MaxWait, AuditEntry Accepted, AuditEntry Deleted, OperationTiming Timing);
