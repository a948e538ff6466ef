using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Api;

/// <summary>
/// Every store endpoint's behaviour, shared by the Functions app and Urumi.Server: the hosts bind the
/// request, resolve the actor and the durable client, call one method here and write the result.
/// Changes (create, batch, delete) are here; admission, starting and reading have their own classes.
/// </summary>
public sealed partial class StoresApi(
    ICluster cluster,
    StoreAdmission admission,
    OperationStarter starter,
    StoreQueries queries,
    StoreViews views,
    ApiProblems problems,
    IOptions<StoreApiOptions> options,
    ILogger<StoresApi> logger)
{
    private readonly StoreApiOptions settings = options.Value;

    public Task<ApiResult> CreateAsync(DurableTaskClient client, CreateStoreRequest? request, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => CreateCoreAsync(client, request, actor, cancellationToken));

    public Task<ApiResult> CreateBatchAsync(DurableTaskClient client, BatchCreateRequest? request, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => CreateBatchCoreAsync(client, request, actor, cancellationToken));

    public Task<ApiResult> DeleteAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => DeleteCoreAsync(client, name, actor, cancellationToken));

    public Task<ApiResult> ListAsync(DurableTaskClient client, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => queries.ListAsync(client, actor, cancellationToken));

    public Task<ApiResult> GetAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => queries.GetAsync(client, name, actor, cancellationToken));

    public Task<ApiResult> CredentialsAsync(string? name, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => queries.CredentialsAsync(name, actor, cancellationToken));

    /// <param name="client">The task hub.</param>
    /// <param name="name">The store, or null for the global trail.</param>
    /// <param name="pageSize">The raw query value: null or empty takes 50; otherwise an integer from 1 to 200.</param>
    /// <param name="continuation">The previous page's continuation, if any.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    public Task<ApiResult> EventsAsync(DurableTaskClient client, string? name, string? pageSize, string? continuation, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => queries.EventsAsync(client, name, pageSize, continuation, actor, cancellationToken));

    public Task<ApiResult> OperationAsync(DurableTaskClient client, string? id, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => queries.OperationAsync(client, id, actor, cancellationToken));

    private async Task<ApiResult> CreateCoreAsync(DurableTaskClient client, CreateStoreRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        ProvisionStoreInput input;
        try
        {
            input = admission.ToInput(request ?? new CreateStoreRequest(null, null, null, null), actor);
        }
        catch (DomainValidationException error)
        {
            return ApiResult.Invalid(error);
        }

        var instanceId = WorkflowIds.Provision(input.Spec.Name);
        var refused = await admission.RefuseAsync([input], actor, cancellationToken)
            ?? await StartAdmittedAsync([input], () => starter.StartCreateAsync(client, input.Spec.Name, ProvisionStoreWorkflow.Name, instanceId, input, cancellationToken));
        if (refused is not null)
        {
            return refused;
        }

        LogCreateAccepted(logger, input.Spec.Name.Value, actor.Name);
        return ApiResult.Accepted(views.AcceptedView(input, instanceId), ApiLinks.Operation(instanceId), settings.RetryAfterSeconds);
    }

    private async Task<ApiResult> CreateBatchCoreAsync(DurableTaskClient client, BatchCreateRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (request?.Stores is not { Count: > 0 } stores)
        {
            return ApiResult.Invalid(new DomainValidationException("stores", "Give at least one store in 'stores'."));
        }

        if (admission.RefuseBatchSize(stores.Count) is { } tooMany)
        {
            return tooMany;
        }

        var inputs = new List<ProvisionStoreInput>(stores.Count);
        for (var i = 0; i < stores.Count; i++)
        {
            if (stores[i] is not { } entry)
            {
                return ApiResult.Invalid(new DomainValidationException($"stores[{i}]", $"stores[{i}] is null; give an object such as {{\"name\":\"shop1\"}} (or {{}} for a generated name)."));
            }

            try
            {
                inputs.Add(admission.ToInput(entry, actor));
            }
            catch (DomainValidationException error)
            {
                return ApiResult.Invalid(new DomainValidationException($"stores[{i}].{error.Field}", error.Message));
            }
        }

        var duplicate = inputs.GroupBy(i => i.Spec.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return ApiResult.Invalid(new DomainValidationException("stores", $"The store name '{duplicate.Key}' appears more than once in the batch."));
        }

        // Each store is claimed for the whole batch: a single create of one of them waits until the batch is done.
        var batchId = WorkflowIds.NewBatch();
        var refused = await admission.RefuseAsync(inputs, actor, cancellationToken)
            ?? await StartAdmittedAsync(inputs, () => starter.StartAsync(client, inputs.Select(i => i.Spec.Name).ToList(), BatchProvisionWorkflow.Name,
                StoreOperations.StartOptions(batchId), new BatchProvisionInput(inputs, settings.BatchParallelism), cancellationToken));
        if (refused is not null)
        {
            return refused;
        }

        LogBatchAccepted(logger, batchId, inputs.Count, actor.Name);
        var body = new BatchAccepted(batchId, inputs.Select(i => i.Spec.Name.Value).ToList(), ApiLinks.OperationLink(batchId, "batch", "Pending"));
        return ApiResult.Accepted(body, ApiLinks.Operation(batchId), settings.RetryAfterSeconds);
    }

    /// <summary>Starts stores the admission let in; a start that is refused or fails gives their quota places back.</summary>
    private async Task<ApiResult?> StartAdmittedAsync(IReadOnlyList<ProvisionStoreInput> inputs, Func<Task<ApiResult?>> start)
    {
        try
        {
            var refused = await start();
            if (refused is not null)
            {
                admission.Release(inputs);
            }

            return refused;
        }
        catch
        {
            admission.Release(inputs);
            throw;
        }
    }

    private async Task<ApiResult> DeleteCoreAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        if (store is null)
        {
            // No namespace yet: a create just accepted may still hold the name (its owner is in its input).
            var provision = await client.GetInstanceAsync(WorkflowIds.Provision(storeName), getInputsAndOutputs: !actor.IsAdmin, cancellationToken);
            return StoreOperations.IsLive(provision) && (actor.IsAdmin || actor.MayAccess(provision!.ReadInputAs<ProvisionStoreInput>()?.Spec.Owner))
                ? ApiProblems.OperationRunning(storeName, WorkflowIds.Provision(storeName))
                : ApiProblems.NoStore(storeName);
        }

        // The store's owner answers the tenancy check; a running provision (or any other operation) holds
        // the store's claim, so the start below refuses it without a read of the task hub here.
        if (!actor.IsAdmin && !actor.MayAccess(store.Owner))
        {
            return ApiProblems.NoStore(storeName);
        }

        var instanceId = WorkflowIds.Delete(storeName);
        var input = new DeleteStoreInput(storeName, settings.BaseDomain, actor.Name, $"requested by {actor.Name}",
            new DeletionPolicy(settings.DeletionDeadline, settings.ReadinessSlice, settings.HelmTimeout));
        if (await starter.StartAsync(client, storeName, DeleteStoreWorkflow.Name, instanceId, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        LogDeleteAccepted(logger, storeName.Value, actor.Name);
        var view = views.View(store with { Phase = StoreStatus.Deleting }, null) with { Operation = ApiLinks.OperationLink(instanceId, "delete", "Pending") };
        return ApiResult.Accepted(view, ApiLinks.Operation(instanceId), settings.RetryAfterSeconds);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Create of store {Store} accepted for {Actor}")]
    private static partial void LogCreateAccepted(ILogger logger, string store, string actor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Batch {Batch} of {Count} stores accepted for {Actor}")]
    private static partial void LogBatchAccepted(ILogger logger, string batch, int count, string actor);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Delete of store {Store} accepted for {Actor}")]
    private static partial void LogDeleteAccepted(ILogger logger, string store, string actor);
}
