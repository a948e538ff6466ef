using System.Net;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Api;

/// <summary>
/// <c>PATCH /api/stores/{name}</c> (upgrade to another plan) and <c>POST /api/stores/{name}/rollback</c>, shared
/// by both hosts. Each checks the request against the store as it is, then starts its durable workflow through
/// <see cref="OperationStarter"/> (one operation per store: 409 otherwise) and answers 202 with the store's view.
/// Tenancy as for every store route: another owner's store answers exactly as a missing one.
/// </summary>
public sealed partial class StoreChangesApi(
    ICluster cluster,
    IHelm helm,
    UpgradeInputs upgrades,
    OperationStarter starter,
    StoreViews views,
    ApiProblems problems,
    ChartVersions charts,
    IOptions<StoreApiOptions> options,
    TimeProvider time,
    ILogger<StoreChangesApi> logger)
{
    /// <summary>How far back a rollback may reach (helm history entries read).</summary>
    public const int RollbackHistory = 50;

    private readonly StoreApiOptions settings = options.Value;

    public Task<ApiResult> UpgradeAsync(DurableTaskClient client, string? name, UpgradeStoreRequest? request, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => UpgradeCoreAsync(client, name, request, actor, cancellationToken));

    public Task<ApiResult> RollbackAsync(DurableTaskClient client, string? name, RollbackStoreRequest? request, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => RollbackCoreAsync(client, name, request, actor, cancellationToken));

    private async Task<ApiResult> UpgradeCoreAsync(DurableTaskClient client, string? name, UpgradeStoreRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var (store, refused) = await ChangeableStoreAsync(client, name, actor, "upgraded", cancellationToken);
        if (store is null)
        {
            return refused!;
        }

        var engine = EngineCatalog.Find(store.Engine);
        if (request?.ChartVersion is { } chartVersion && charts.Refuse(engine, chartVersion, actor) is { } badVersion)
        {
            return badVersion;
        }

        if (request?.Plan is null && request?.ChartVersion is null)
        {
            return ApiResult.Invalid(new DomainValidationException("plan", $"Give the new plan, e.g. {{\"plan\":\"{engine.Plans[^1].Id}\"}}; {engine.DisplayName} has: {string.Join(", ", engine.Plans.Select(p => p.Id))}."));
        }

        StorePlan plan;
        try
        {
            plan = engine.FindPlan(request.Plan ?? store.Plan);
        }
        catch (DomainValidationException error)
        {
            return ApiResult.Invalid(error);
        }

        if (plan.Id == store.Plan && request.ChartVersion is null)
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.NothingToChange, "Nothing would change.",
                $"Store '{store.Name}' already has plan '{plan.Id}'; choose another plan ({string.Join(", ", engine.Plans.Where(p => p.Id != plan.Id).Select(p => p.Id))}).");
        }

        var input = await upgrades.ForAsync(store, engine, plan, actor, cancellationToken);
        var instanceId = WorkflowIds.Upgrade(store.Name);
        if (await starter.StartAsync(client, store.Name, UpgradeStoreWorkflow.Name, instanceId, input, cancellationToken) is { } running)
        {
            return running;
        }

        LogUpgradeAccepted(logger, store.Name.Value, store.Plan, plan.Id, actor.Name);
        return Accepted(store, instanceId, OperationKinds.Upgrade, $"Upgrading from plan {store.Plan} to {plan.Id}.");
    }

    private async Task<ApiResult> RollbackCoreAsync(DurableTaskClient client, string? name, RollbackStoreRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var (store, refused) = await ChangeableStoreAsync(client, name, actor, "rolled back", cancellationToken);
        if (store is null)
        {
            return refused!;
        }

        var naming = new StoreNaming(store.Name, settings.BaseDomain);
        var history = (await helm.HistoryAsync(naming.Release, naming.Namespace, RollbackHistory, cancellationToken)).OrderBy(r => r.Revision).ToList();
        if (history.Count == 0)
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.NothingToChange, "Nothing to roll back.", $"Store '{store.Name}' has no Helm release to roll back.");
        }

        var current = history[^1].Revision;
        var earlier = history.Where(r => r.Revision < current && r.Status is HelmReleaseStatus.Deployed or HelmReleaseStatus.Superseded).Select(r => r.Revision).ToList();
        var available = earlier.Count == 0 ? "none" : string.Join(", ", earlier);
        int revision;
        if (request?.Revision is { } asked)
        {
            if (!earlier.Contains(asked))
            {
                var why = asked == current ? $"revision {asked} is the current one" : $"there is no earlier deployed revision {asked}";
                return ApiResult.Invalid(new DomainValidationException("revision",
                    $"Store '{store.Name}' cannot be rolled back to revision {asked}: {why}. Revisions to roll back to: {available} (current: {current})."));
            }

            revision = asked;
        }
        else if (earlier.Count > 0)
        {
            revision = earlier[^1];
        }
        else
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.NothingToChange, "Nothing to roll back.",
                $"Store '{store.Name}' has no earlier deployed revision than {current} to roll back to.");
        }

        var plan = StoreRevisions.PlanOf(await helm.ValuesAsync(naming.Release, naming.Namespace, revision, cancellationToken)) ?? store.Plan;
        var running = history.LastOrDefault(r => r.Status == HelmReleaseStatus.Deployed)?.Revision;
        var input = new RollbackStoreInput(store.Name, store.Engine, revision, plan, settings.BaseDomain, actor.Name, settings.ProvisioningPolicy(), settings.PublicUrl, running);
        var instanceId = WorkflowIds.Rollback(store.Name);
        if (await starter.StartAsync(client, store.Name, RollbackStoreWorkflow.Name, instanceId, input, cancellationToken) is { } held)
        {
            return held;
        }

        LogRollbackAccepted(logger, store.Name.Value, revision, actor.Name);
        return Accepted(store, instanceId, OperationKinds.Rollback, $"Rolling back to revision {revision} (plan {plan}).");
    }

    /// <summary>
    /// The store when <paramref name="actor"/> may change it and it is Ready, or Failed after an upgrade or
    /// rollback (its release is there to change); else the answer: 400 bad name, 404 (missing or not the
    /// caller's), 409 (another phase).
    /// </summary>
    private async Task<(ManagedStore? Store, ApiResult? Refused)> ChangeableStoreAsync(
        DurableTaskClient client, string? name, Actor actor, string verb, CancellationToken cancellationToken)
    {
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return (null, ApiResult.Invalid(new DomainValidationException("name", error)));
        }

        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        if (store is null || !actor.MayAccess(store.Owner))
        {
            return (null, ApiProblems.NoStore(storeName));
        }

        if (store.Phase == StoreStatus.Ready && !store.Terminating)
        {
            return (store, null);
        }

        // The store's operations, read once: whether its last change failed, or which one holds it.
        var operations = (await Task.WhenAll(WorkflowIds.ForStore(storeName).Select(id => client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken))))
            .OfType<OrchestrationMetadata>().ToList();
        if (store.Phase == StoreStatus.Failed && !store.Terminating && FailedAfterChange(storeName, operations))
        {
            return (store, null);
        }

        if (operations.FirstOrDefault(StoreOperations.IsLive) is { } live)
        {
            return (null, ApiProblems.OperationRunning(storeName, live.InstanceId));
        }

        return (null, ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.StoreNotChangeable, $"The store cannot be {verb} now.",
            $"Store '{storeName}' is {store.Phase?.ToString() ?? "without a status"}; only a Ready store (or one whose last upgrade or rollback failed) can be {verb}."
            + (store.Phase == StoreStatus.Failed ? " Create it again (POST /api/stores) or delete it." : string.Empty)));
    }

    /// <summary>True when the store's last operation was an upgrade or rollback that failed (after its provisioning).</summary>
    private static bool FailedAfterChange(StoreName store, IReadOnlyList<OrchestrationMetadata> operations)
    {
        var provision = operations.FirstOrDefault(o => o.InstanceId == WorkflowIds.Provision(store));
        var changes = WorkflowIds.Changes(store);
        return operations.Any(change => changes.Contains(change.InstanceId)
            && change.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            && (provision is null || change.LastUpdatedAt >= provision.LastUpdatedAt));
    }

    private ApiResult Accepted(ManagedStore store, string instanceId, string kind, string message)
    {
        var view = views.View(store, null) with
        {
            Progress = OperationProgress.Create(kind, store.Name.Value, Steps.Accepted, 0, message, time.GetUtcNow().UtcDateTime),
            Operation = ApiLinks.OperationLink(instanceId, kind, "Pending"),
            Links = ApiLinks.Store(store.Name.Value, instanceId),
        };
        return ApiResult.Accepted(view, ApiLinks.Operation(instanceId), settings.RetryAfterSeconds);
    }

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Upgrade of store {Store} from plan {From} to {To} accepted for {Actor}")]
    private static partial void LogUpgradeAccepted(ILogger logger, string store, string from, string to, string actor);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Rollback of store {Store} to revision {Revision} accepted for {Actor}")]
    private static partial void LogRollbackAccepted(ILogger logger, string store, int revision, string actor);
}
