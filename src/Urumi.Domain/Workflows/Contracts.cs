using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Orchestration inputs and outputs. They are persisted in durable history, so they carry names,
// policies and reasons only: never a password, token or Secret value.

/// <summary>Time limits of one provisioning run; chosen by the host from validated options.</summary>
public sealed record ProvisioningPolicy(
    TimeSpan Deadline,
    TimeSpan ReadinessSlice,
    TimeSpan HelmTimeout,
    int VerifyAttempts,
    TimeSpan VerifyFirstRetry)
{
    public static ProvisioningPolicy Default { get; } = new(
        Deadline: TimeSpan.FromMinutes(15),
        ReadinessSlice: TimeSpan.FromSeconds(60),
        HelmTimeout: TimeSpan.FromMinutes(5),
        VerifyAttempts: 10,
        VerifyFirstRetry: TimeSpan.FromSeconds(5));
}

/// <param name="PublicUrl">Template of the store URLs people open (<see cref="StoreNaming.StoreUrl"/>); null is the default.</param>
public sealed record ProvisionStoreInput(StoreSpec Spec, string BaseDomain, string Actor, ProvisioningPolicy Policy, string? PublicUrl = null);

public sealed record ProvisionStoreResult(
    StoreName Store,
    StoreStatus Status,
    Uri? Url,
    Uri? AdminUrl,
    string? Reason,
    long? TestOrderId);

public sealed record DeletionPolicy(TimeSpan Deadline, TimeSpan WaitSlice, TimeSpan HelmTimeout)
{
    public static DeletionPolicy Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));
}

public sealed record DeleteStoreInput(StoreName Store, string BaseDomain, string Actor, string Reason, DeletionPolicy Policy);

public sealed record DeleteStoreResult(StoreName Store, StoreStatus Status, string? Reason);

public sealed record BatchProvisionInput(IReadOnlyList<ProvisionStoreInput> Stores, int MaxParallel);

public sealed record BatchProvisionResult(int Ready, int Failed, IReadOnlyList<ProvisionStoreResult> Stores);

// Activity inputs.

public sealed record StoreRef(StoreName Store, string BaseDomain)
{
    public StoreNaming Naming() => new(Store, BaseDomain);
}

/// <summary>
/// Who and when for the audit rows an activity writes about its own step; the time is the
/// orchestration's (replay-safe), so a rerun of the activity writes the same row again.
/// </summary>
public sealed record AuditStamp(DateTimeOffset Time, string Store, string OperationId, string Actor)
{
    public AuditEntry Entry(string step, string action, AuditOutcome outcome, string? detail) =>
        new(Time, Store, OperationId, step, action, outcome, Actor, OperationProgress.Truncate(detail));
}

public sealed record PrepareStoreInput(StoreSpec Spec, string BaseDomain, AuditStamp Audit);

/// <param name="KeepStorage">An upgrade: keep the storage sizes of the running release (<see cref="Engines.StorageValues"/>).</param>
public sealed record InstallReleaseInput(StoreSpec Spec, string BaseDomain, TimeSpan HelmTimeout, AuditStamp Audit, bool KeepStorage = false);

/// <param name="Before">The release before this run's install (null: a first install): what a failure rolls back to.</param>
public sealed record InstallReleaseResult(HelmRelease Installed, HelmRelease? Before);

public sealed record ReleaseInput(StoreName Store, string BaseDomain, TimeSpan HelmTimeout, int? Revision = null);

/// <param name="Done">The audit row to write once the wait succeeds (the step it records ends there); null: none.</param>
/// <param name="Timing">The operation this wait ends when it succeeds, for its metrics; null: none.</param>
public sealed record WaitInput(StoreName Store, string BaseDomain, TimeSpan MaxWait, AuditEntry? Done = null, OperationTiming? Timing = null);

/// <param name="Timing">The operation a passing verification ends, for its metrics; null: none.</param>
/// <param name="Action">The audit action of the "ready" row a passing verification writes (create, upgrade, rollback).</param>
public sealed record VerifyShopInput(StoreName Store, string BaseDomain, string Engine, AuditStamp Audit, string? PublicUrl = null, OperationTiming? Timing = null, string Action = "create");

/// <param name="Audit">The audit row recording this move, written after it (also when the namespace is already gone); null: none.</param>
/// <param name="Timing">The operation this move to Failed ends, for its metrics; null: none.</param>
public sealed record SetStatusInput(StoreName Store, string BaseDomain, StoreStatus Status, string? LastError, AuditEntry? Audit = null, OperationTiming? Timing = null);

/// <summary>Failure that ends a workflow; the message is what the operator reads.</summary>
public sealed class StoreOperationFailedException(string message) : Exception(message);
