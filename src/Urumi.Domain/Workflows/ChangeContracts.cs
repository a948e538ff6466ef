using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Workflows;

// Inputs and outputs of the operations that change a store already there (upgrade, rollback, bulk
// upgrade). Persisted in durable history: names, plans, revisions and reasons only, never a secret.

/// <param name="Spec">The store as it will be: its owner, dates and engine unchanged, <see cref="StoreSpec.Plan"/> the new plan.</param>
/// <param name="FromPlan">The plan it has now (for the messages and the audit trail).</param>
/// <param name="BaseDomain">The stores' base domain.</param>
/// <param name="Actor">Who asked.</param>
/// <param name="Policy">Time limits.</param>
/// <param name="PublicUrl">Template of the store URLs (<see cref="StoreNaming.StoreUrl"/>).</param>
/// <param name="FromRevision">The deployed revision the store runs (what a failure rolls back to, also when helm refuses the upgrade itself); null: unknown.</param>
public sealed record UpgradeStoreInput(StoreSpec Spec, string FromPlan, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null, int? FromRevision = null);

/// <param name="Store">The store.</param>
/// <param name="Status">Ready (upgraded, or rolled back to where it was) or Failed.</param>
/// <param name="Plan">The plan the store has now.</param>
/// <param name="Revision">The Helm revision the store runs now.</param>
public sealed record StoreChangeResult(StoreName Store, StoreStatus Status, string Plan, int Revision);

/// <param name="Store">The store.</param>
/// <param name="Engine">The store's engine (for the shop checks).</param>
/// <param name="Revision">The revision to go back to (the API has checked that it exists).</param>
/// <param name="Plan">The plan of that revision: the store's plan label once the rollback has worked.</param>
/// <param name="BaseDomain">The stores' base domain.</param>
/// <param name="Actor">Who asked.</param>
/// <param name="Policy">Time limits.</param>
/// <param name="PublicUrl">Template of the store URLs.</param>
/// <param name="FromRevision">The deployed revision the store runs (what a failure returns to); null: unknown.</param>
public sealed record RollbackStoreInput(StoreName Store, string Engine, int Revision, string Plan, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null, int? FromRevision = null);

/// <summary>Moves the store's namespace to a new plan (the plan label), recording the operation; the phase is left as it is.</summary>
public sealed record RelabelInput(StoreName Store, string BaseDomain, string Engine, string Plan, AuditStamp Audit);

/// <summary><c>helm rollback</c> to <see cref="Revision"/>, with the audit row of the step.</summary>
public sealed record RollbackToInput(StoreName Store, string BaseDomain, int Revision, TimeSpan HelmTimeout, AuditStamp Audit);

/// <param name="Stores">One upgrade per store, in the order they are started.</param>
/// <param name="Window">How many run at once.</param>
/// <param name="StopAfterFailures">After this many failures no new upgrade starts; the rest are skipped.</param>
public sealed record BulkUpgradeInput(IReadOnlyList<UpgradeStoreInput> Stores, int Window, int StopAfterFailures);

/// <summary>A bulk upgrade's progress (its custom status) and, once finished, its result.</summary>
/// <param name="Total">Stores selected.</param>
/// <param name="Done">Upgraded and verified.</param>
/// <param name="Failed">Failed (each rolled back by its own upgrade).</param>
/// <param name="Skipped">Never started because the failure limit was reached.</param>
/// <param name="Running">Upgrades running now.</param>
/// <param name="Failures">"store: reason" per failed store.</param>
public sealed record BulkUpgradeProgress(int Total, int Done, int Failed, int Skipped, int Running, IReadOnlyList<string> Failures);
