using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <param name="KeepStorage">An upgrade: keep the storage sizes of the running release (<see cref="Engines.StorageValues"/>).</param>
/// <param name="Prepare">A provisioning: first prepare the store (<see cref="Activities.StorePreparation"/>: the "accepted" row, namespace, credentials Secret).</param>
/// <param name="ThenWait">After the install, the first readiness wait (and the shop check it may go on to) in the same activity; null: none.</param>
public sealed record InstallReleaseInput(StoreSpec Spec, string BaseDomain, TimeSpan HelmTimeout, AuditStamp Audit, bool KeepStorage = false, bool Prepare = false, WaitInput? ThenWait = null);
