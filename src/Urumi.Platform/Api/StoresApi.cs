using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>
/// Every HTTP endpoint's behaviour, shared by the Functions app and Urumi.Server: the hosts bind the
/// request, resolve the actor and the durable client, call one method here and write the result.
/// </summary>
public sealed partial class StoresApi(
    ICluster cluster,
    IAuditLog audit,
    IOptions<StoreApiOptions> options,
    TimeProvider time,
    RequestRateLimit rateLimit,
    IOperationClaims claims,
    ILogger<StoresApi> logger)
{
    private readonly StoreApiOptions settings = options.Value;

    public Task<ApiResult> CreateAsync(DurableTaskClient client, CreateStoreRequest? request, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => CreateCoreAsync(client, request, actor, cancellationToken));

    public Task<ApiResult> CreateBatchAsync(DurableTaskClient client, BatchCreateRequest? request, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => CreateBatchCoreAsync(client, request, actor, cancellationToken));

    public Task<ApiResult> ListAsync(DurableTaskClient client, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => ListCoreAsync(client, actor, cancellationToken));

    public Task<ApiResult> GetAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => GetCoreAsync(client, name, actor, cancellationToken));

    public Task<ApiResult> DeleteAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => DeleteCoreAsync(client, name, actor, cancellationToken));

    public Task<ApiResult> CredentialsAsync(string? name, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => CredentialsCoreAsync(name, actor, cancellationToken));

    /// <param name="name">The store, or null for the global trail.</param>
    /// <param name="pageSize">The raw query value: null or empty takes 50; otherwise an integer from 1 to 200.</param>
    public Task<ApiResult> EventsAsync(DurableTaskClient client, string? name, string? pageSize, string? continuation, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => EventsCoreAsync(client, name, pageSize, continuation, actor, cancellationToken));

    public Task<ApiResult> OperationAsync(DurableTaskClient client, string? id, Actor actor, CancellationToken cancellationToken) =>
        GuardAsync(() => OperationCoreAsync(client, id, actor, cancellationToken));

    /// <summary>
    /// A dependency that fails (cluster, storage, task hub) becomes a 503 problem naming it, instead
    /// of a bare 500: the operator reads what is down, and a client knows to retry the transient kind.
    /// </summary>
    private async Task<ApiResult> GuardAsync(Func<Task<ApiResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (TransientException error)
        {
            LogDependencyFailed(logger, error.Message);
            return ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "A dependency is unavailable; try again shortly.",
                error.Message, null, ("Retry-After", "10"));
        }
        catch (PermanentException error)
        {
            LogDependencyFailed(logger, error.Message);
            return ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "A dependency refused the request.", error.Message);
        }
        catch (Grpc.Core.RpcException error) when (error.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.Internal)
        {
            LogDependencyFailed(logger, error.Status.Detail);
            return ApiResult.Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.DependencyUnavailable, "The durable task hub is unavailable; try again shortly.",
                $"The task hub did not answer: {error.Status.Detail}", null, ("Retry-After", "10"));
        }
    }

    private async Task<ApiResult> CreateCoreAsync(DurableTaskClient client, CreateStoreRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        ProvisionStoreInput input;
        try
        {
            input = ToInput(request ?? new CreateStoreRequest(null, null, null, null), actor);
        }
        catch (DomainValidationException error)
        {
            return ApiResult.Invalid(error);
        }

        var refused = await RefuseCreateAsync(client, [input], actor, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var instanceId = WorkflowIds.Provision(input.Spec.Name);
        if (await claims.TryClaimAsync(client, input.Spec.Name.Value, instanceId, cancellationToken) is { } holder)
        {
            return OperationRunning(input.Spec.Name, holder);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ProvisionStoreWorkflow.Name, input, StoreOperations.StartOptions(instanceId), cancellationToken);
        }
        catch (Exception error) when (StoreOperations.IsAlreadyRunning(error))
        {
            return OperationRunning(input.Spec.Name, instanceId);
        }

        LogCreateAccepted(logger, input.Spec.Name.Value, actor.Name);
        var naming = Naming(input.Spec.Name);
        var view = new StoreView(
            input.Spec.Name.Value, StoreStatus.Provisioning, input.Spec.Engine, input.Spec.Plan, input.Spec.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(input.Spec.Engine, settings.PublicUrl), input.Spec.CreatedAt, input.Spec.ExpiresAt, null,
            OperationProgress.Create("provision", input.Spec.Name.Value, Steps.Accepted, 0, "Accepted.", input.Spec.CreatedAt.UtcDateTime),
            Link(instanceId, "provision", "Pending"), Links(input.Spec.Name.Value, instanceId));
        return ApiResult.Accepted(view, OperationHref(instanceId), settings.RetryAfterSeconds);
    }

    private async Task<ApiResult> CreateBatchCoreAsync(DurableTaskClient client, BatchCreateRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (request?.Stores is not { Count: > 0 } stores)
        {
            return ApiResult.Invalid(new DomainValidationException("stores", "Give at least one store in 'stores'."));
        }

        // A batch the rate limit or the owner quota could never admit is a bad request, not a 429
        // whose Retry-After would never help.
        var (limit, why) = new[]
        {
            (settings.MaxBatchSize, "Urumi:Stores:MaxBatchSize"),
            (settings.CreatesPerMinute, "the create rate (Urumi:Stores:CreatesPerMinute)"),
            (settings.MaxStoresPerOwner, "the owner quota (Urumi:Stores:MaxStoresPerOwner)"),
        }.MinBy(l => l.Item1);
        if (stores.Count > limit)
        {
            return ApiResult.Invalid(new DomainValidationException("stores", $"A batch may hold at most {limit} stores ({why}); this one has {stores.Count}. Split it."));
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
                inputs.Add(ToInput(entry, actor));
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

        var refused = await RefuseCreateAsync(client, inputs, actor, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        // Each store is claimed for the whole batch: a single create of one of them waits until the batch is done.
        var batchId = "batch-" + Guid.NewGuid().ToString("n")[..12];
        foreach (var input in inputs)
        {
            if (await claims.TryClaimAsync(client, input.Spec.Name.Value, batchId, cancellationToken) is { } holder)
            {
                return OperationRunning(input.Spec.Name, holder);
            }
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            BatchProvisionWorkflow.Name, new BatchProvisionInput(inputs, settings.BatchParallelism), new Microsoft.DurableTask.StartOrchestrationOptions(batchId), cancellationToken);
        LogBatchAccepted(logger, batchId, inputs.Count, actor.Name);
        var body = new BatchAccepted(batchId, inputs.Select(i => i.Spec.Name.Value).ToList(), Link(batchId, "batch", "Pending"));
        return ApiResult.Accepted(body, OperationHref(batchId), settings.RetryAfterSeconds);
    }

    private async Task<ApiResult> ListCoreAsync(DurableTaskClient client, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var stores = await cluster.ListStoresAsync(cancellationToken);
        var live = await LiveOperationsAsync(client, cancellationToken);
        var views = new List<StoreView>();
        foreach (var store in stores)
        {
            live.Remove(store.Name.Value, out var operation);
            views.Add(View(store, operation));
        }

        // Operations whose namespace does not exist yet (just accepted) are stores too.
        foreach (var (name, operation) in live)
        {
            if (operation.Name == ProvisionStoreWorkflow.Name && StoreName.TryParse(name, out var storeName, out _))
            {
                views.Add(PendingView(storeName, operation));
            }
        }

        return ApiResult.Ok(new StoreList(views.Where(v => actor.MayAccess(v.Owner)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList()));
    }

    private async Task<ApiResult> GetCoreAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        var operation = await LatestOperationAsync(client, storeName, cancellationToken);
        var view = store is not null ? View(store, operation)
            : operation is not null && StoreOperations.IsLive(operation) && operation.Name == ProvisionStoreWorkflow.Name ? PendingView(storeName, operation)
            : null;

        // Another owner's store answers exactly as a missing one: a member learns nothing about it.
        return view is not null && actor.MayAccess(view.Owner) ? ApiResult.Ok(view) : NoStore(storeName);
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
        var provision = await client.GetInstanceAsync(WorkflowIds.Provision(storeName), getInputsAndOutputs: !actor.IsAdmin, cancellationToken);
        if (!actor.IsAdmin && !actor.MayAccess(store?.Owner ?? (StoreOperations.IsLive(provision) ? provision!.ReadInputAs<ProvisionStoreInput>()?.Spec.Owner : null)))
        {
            return NoStore(storeName);
        }

        if (StoreOperations.IsLive(provision))
        {
            return OperationRunning(storeName, WorkflowIds.Provision(storeName));
        }

        if (store is null)
        {
            return NoStore(storeName);
        }

        var instanceId = WorkflowIds.Delete(storeName);
        var input = new DeleteStoreInput(storeName, settings.BaseDomain, actor.Name, $"requested by {actor.Name}",
            new DeletionPolicy(settings.DeletionDeadline, settings.ReadinessSlice, settings.HelmTimeout));
        if (await claims.TryClaimAsync(client, storeName.Value, instanceId, cancellationToken) is { } holder)
        {
            return OperationRunning(storeName, holder);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(DeleteStoreWorkflow.Name, input, StoreOperations.StartOptions(instanceId), cancellationToken);
        }
        catch (Exception scheduleError) when (StoreOperations.IsAlreadyRunning(scheduleError))
        {
            return OperationRunning(storeName, instanceId);
        }

        LogDeleteAccepted(logger, storeName.Value, actor.Name);
        var view = View(store with { Phase = StoreStatus.Deleting }, null) with { Operation = Link(instanceId, "delete", "Pending") };
        return ApiResult.Accepted(view, OperationHref(instanceId), settings.RetryAfterSeconds);
    }

    private async Task<ApiResult> CredentialsCoreAsync(string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var naming = Naming(storeName);
        var missing = ApiResult.NotFound($"Store '{storeName}' has no credentials (it does not exist or is still being prepared).");
        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        if (!actor.IsAdmin && !actor.MayAccess(store?.Owner))
        {
            return missing;
        }

        var credentials = await cluster.ReadCredentialsAsync(naming.Namespace, naming.CredentialsSecret, cancellationToken);
        if (credentials is null)
        {
            return missing;
        }

        LogCredentialsRead(logger, storeName.Value, actor.Name);
        await audit.RecordAsync(
            new AuditEntry(time.GetUtcNow(), storeName.Value, $"credentials-{Guid.NewGuid():n}", "credentials", "read-credentials", AuditOutcome.Info, actor.Name, null),
            cancellationToken);
        return ApiResult.Ok(
            new CredentialsView(storeName.Value, credentials.AdminUser, credentials.AdminPassword, credentials.AdminEmail, naming.AdminUrl(store?.Engine ?? settings.DefaultEngine, settings.PublicUrl) ?? naming.StoreUrl(settings.PublicUrl)),
            ("Cache-Control", "no-store"));
    }

    private async Task<ApiResult> EventsCoreAsync(DurableTaskClient client, string? name, string? pageSize, string? continuation, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        string? store = null;
        if (name is not null)
        {
            if (!StoreName.TryParse(name, out var storeName, out var error))
            {
                return ApiResult.Invalid(new DomainValidationException("name", error));
            }

            store = storeName.Value;
        }

        var size = 50;
        // Digits only: int.TryParse alone would also take a trailing NUL.
        if (!string.IsNullOrEmpty(pageSize)
            && (pageSize.Length > 3 || !pageSize.All(char.IsAsciiDigit) || !int.TryParse(pageSize, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > 200))
        {
            return ApiResult.Invalid(new DomainValidationException("pageSize", "pageSize must be a whole number between 1 and 200."));
        }

        // A member reads the trail of the stores it owns, and in the global trail the rows of those
        // stores plus the rows it caused itself (e.g. of a store it has since deleted).
        HashSet<string>? owned = null;
        if (!actor.IsAdmin)
        {
            owned = (await cluster.ListStoresAsync(cancellationToken)).Where(s => actor.MayAccess(s.Owner)).Select(s => s.Name.Value).ToHashSet(StringComparer.Ordinal);
            if (store is not null && !owned.Contains(store) && !await OwnsPendingAsync(client, StoreName.Parse(store), actor, cancellationToken))
            {
                return NoStore(StoreName.Parse(store));
            }
        }

        AuditPage page;
        try
        {
            page = await audit.ReadAsync(store, size, continuation, cancellationToken);
        }
        catch (DomainValidationException error)
        {
            return ApiResult.Invalid(error);
        }

        var entries = owned is null || store is not null
            ? page.Entries
            : page.Entries.Where(e => owned.Contains(e.Store) || string.Equals(e.Actor, actor.Name, StringComparison.Ordinal)).ToList();
        return ApiResult.Ok(new EventsPage(entries, page.Continuation));
    }

    private async Task<ApiResult> OperationCoreAsync(DurableTaskClient client, string? id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return ApiResult.Invalid(new DomainValidationException("id", "Give an operation id such as 'provision-shop1'."));
        }

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || !await MayReadOperationAsync(instance, actor, cancellationToken))
        {
            return ApiResult.NotFound($"There is no operation '{id}'.");
        }

        var view = new OperationView(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus.ToString(),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            Parse(instance.SerializedCustomStatus),
            Output(instance),
            instance.FailureDetails?.ErrorMessage);
        return StoreOperations.IsLive(instance)
            ? new ApiResult(202, view, new Dictionary<string, string> { ["Retry-After"] = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            : ApiResult.Ok(view);
    }

    private ProvisionStoreInput ToInput(CreateStoreRequest request, Actor actor)
    {
        var name = request.Name is null ? StoreName.Generate(Random.Shared) : StoreName.Parse(request.Name);
        var engine = EngineCatalog.Find(request.Engine ?? settings.DefaultEngine);
        var plan = engine.FindPlan(request.Plan ?? settings.DefaultPlan);
        var now = time.GetUtcNow();
        DateTimeOffset? expires = null;
        if (request.ExpiresInHours is { } hours)
        {
            if (hours < 1 || hours > settings.MaxExpiresInHours)
            {
                throw new DomainValidationException("expiresInHours", $"expiresInHours must be a whole number of hours from 1 to {settings.MaxExpiresInHours}.");
            }

            expires = now.AddHours(hours);
        }

        var spec = new StoreSpec(name, engine.Id, plan.Id, actor.Name, now, expires);
        var policy = new ProvisioningPolicy(settings.ProvisioningDeadline, settings.ReadinessSlice, settings.HelmTimeout, settings.VerifyAttempts, settings.VerifyFirstRetry);
        return new ProvisionStoreInput(spec, settings.BaseDomain, actor.Name, policy, settings.PublicUrl);
    }

    /// <summary>Rate limit, owner quota, existing stores and running operations: the reasons to say no before starting anything.</summary>
    private async Task<ApiResult?> RefuseCreateAsync(DurableTaskClient client, IReadOnlyList<ProvisionStoreInput> inputs, Actor actor, CancellationToken cancellationToken)
    {
        if (!rateLimit.TryAcquire(actor.Name, time.GetUtcNow(), inputs.Count, out var wait))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return ApiResult.Problem(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited, "Too many requests.",
                $"{actor.Name} may create at most {settings.CreatesPerMinute} stores per minute; try again in {seconds} s.",
                null, ("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var existing = await cluster.ListStoresAsync(cancellationToken);
        var owned = existing.Count(s => string.Equals(s.Owner, actor.Name, StringComparison.Ordinal));
        if (owned + inputs.Count > settings.MaxStoresPerOwner)
        {
            return ApiResult.Problem(HttpStatusCode.TooManyRequests, ProblemTypes.QuotaExceeded, "Store quota reached.",
                $"{actor.Name} has {owned} stores and may have at most {settings.MaxStoresPerOwner}; delete one first.");
        }

        foreach (var input in inputs)
        {
            var name = input.Spec.Name;
            var store = existing.FirstOrDefault(s => s.Name == name);
            // A Failed store may be provisioned again, but only by whoever may change it.
            if (store is not null && (store.Phase != StoreStatus.Failed || !actor.MayAccess(store.Owner)))
            {
                return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.StoreExists, "The store already exists.",
                    $"A store named '{name}' already exists ({store.Phase?.ToString() ?? "unknown status"}). Choose another name or delete it first.");
            }

            if (StoreOperations.IsLive(await client.GetInstanceAsync(WorkflowIds.Provision(name), getInputsAndOutputs: false, cancellationToken)))
            {
                return OperationRunning(name, WorkflowIds.Provision(name));
            }

            if (StoreOperations.IsLive(await client.GetInstanceAsync(WorkflowIds.Delete(name), getInputsAndOutputs: false, cancellationToken)))
            {
                return OperationRunning(name, WorkflowIds.Delete(name));
            }
        }

        return null;
    }

    private static ApiResult NoStore(StoreName name) => ApiResult.NotFound($"There is no store named '{name}'.");

    /// <summary>True when a provisioning of the store (no namespace yet) is live and was asked for by <paramref name="actor"/>.</summary>
    private static async Task<bool> OwnsPendingAsync(DurableTaskClient client, StoreName name, Actor actor, CancellationToken cancellationToken)
    {
        var provision = await client.GetInstanceAsync(WorkflowIds.Provision(name), getInputsAndOutputs: true, cancellationToken);
        return StoreOperations.IsLive(provision) && actor.MayAccess(provision!.ReadInputAs<ProvisionStoreInput>()?.Spec.Owner);
    }

    /// <summary>
    /// A member reads the operations it started and those of the stores it owns; the cleanup and
    /// anything else are for admins. A refused read answers as a missing operation.
    /// </summary>
    private async Task<bool> MayReadOperationAsync(OrchestrationMetadata instance, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsAdmin)
        {
            return true;
        }

        var (store, requestedBy) = instance.Name switch
        {
            ProvisionStoreWorkflow.Name => instance.ReadInputAs<ProvisionStoreInput>() is { } p ? ((StoreName?)p.Spec.Name, p.Actor) : (null, null),
            DeleteStoreWorkflow.Name => instance.ReadInputAs<DeleteStoreInput>() is { } d ? ((StoreName?)d.Store, d.Actor) : (null, null),
            BatchProvisionWorkflow.Name => ((StoreName?)null, instance.ReadInputAs<BatchProvisionInput>() is { Stores.Count: > 0 } b ? b.Stores[0].Actor : null),
            _ => ((StoreName?)null, (string?)null),
        };
        if (string.Equals(requestedBy, actor.Name, StringComparison.Ordinal))
        {
            return true;
        }

        return store is { } name && await cluster.GetStoreAsync(name, cancellationToken) is { } owned && actor.MayAccess(owned.Owner);
    }

    /// <param name="name">The store.</param>
    /// <param name="operationId">The operation that holds it.</param>
    private static ApiResult OperationRunning(StoreName name, string operationId) =>
        ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.OperationRunning, "An operation is already running for this store.",
            $"Store '{name}' has an operation running ({operationId}); wait for it to finish.", null,
            ("Location", OperationHref(operationId)));

    private static async Task<Dictionary<string, OrchestrationMetadata>> LiveOperationsAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var live = new Dictionary<string, OrchestrationMetadata>(StringComparer.Ordinal);
        foreach (var prefix in new[] { "provision-", "delete-" })
        {
            var query = new OrchestrationQuery
            {
                InstanceIdPrefix = prefix,
                Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
                FetchInputsAndOutputs = true,
            };
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                live[instance.InstanceId[prefix.Length..]] = instance;
            }
        }

        return live;
    }

    /// <summary>The live operation of a store, else the most recent finished one.</summary>
    private static async Task<OrchestrationMetadata?> LatestOperationAsync(DurableTaskClient client, StoreName name, CancellationToken cancellationToken)
    {
        var provision = await client.GetInstanceAsync(WorkflowIds.Provision(name), getInputsAndOutputs: true, cancellationToken);
        var delete = await client.GetInstanceAsync(WorkflowIds.Delete(name), getInputsAndOutputs: true, cancellationToken);
        if (StoreOperations.IsLive(delete)) return delete;
        if (StoreOperations.IsLive(provision)) return provision;
        return new[] { provision, delete }.Where(i => i is not null).MaxBy(i => i!.LastUpdatedAt);
    }

    private StoreView View(ManagedStore store, OrchestrationMetadata? operation)
    {
        var naming = Naming(store.Name);
        var progress = ReadProgress(operation);
        var status = store.Phase ?? StoreStatus.Provisioning;
        if (StoreOperations.IsLive(operation))
        {
            status = operation!.Name == DeleteStoreWorkflow.Name ? StoreStatus.Deleting : StoreStatus.Provisioning;
        }
        else if (status == StoreStatus.Provisioning && operation?.Name == ProvisionStoreWorkflow.Name && progress?.Step == Steps.Failed)
        {
            // The provisioning ended before it could mark the store (its namespace exists, but e.g.
            // the credentials Secret was refused): nothing is provisioning any more.
            status = StoreStatus.Failed;
        }

        return new StoreView(
            store.Name.Value, status, store.Engine, store.Plan, store.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(store.Engine, settings.PublicUrl), store.CreatedAt, store.ExpiresAt,
            status == StoreStatus.Failed ? store.LastError ?? progress?.Error : null,
            progress,
            operation is null ? null : Link(operation.InstanceId, OperationKind(operation), operation.RuntimeStatus.ToString()),
            Links(store.Name.Value, operation?.InstanceId));
    }

    private StoreView PendingView(StoreName name, OrchestrationMetadata operation)
    {
        var input = operation.ReadInputAs<ProvisionStoreInput>();
        var naming = Naming(name);
        return new StoreView(
            name.Value, StoreStatus.Provisioning, input?.Spec.Engine ?? settings.DefaultEngine, input?.Spec.Plan ?? settings.DefaultPlan, input?.Spec.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(input?.Spec.Engine ?? settings.DefaultEngine, settings.PublicUrl), input?.Spec.CreatedAt ?? operation.CreatedAt, input?.Spec.ExpiresAt, null,
            ReadProgress(operation), Link(operation.InstanceId, "provision", operation.RuntimeStatus.ToString()), Links(name.Value, operation.InstanceId));
    }

    private static OperationProgress? ReadProgress(OrchestrationMetadata? operation)
    {
        if (operation?.SerializedCustomStatus is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            var progress = JsonSerializer.Deserialize<OperationProgress>(json, ApiResult.JsonOptions);
            return progress?.Step is null ? null : progress;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The store workflows' results are read as their contract types and written with the API's JSON
    /// options, so a value such as a store's status is spelled as in every other answer ("ready").
    /// </summary>
    private static object? Output(OrchestrationMetadata instance)
    {
        var json = instance.SerializedOutput;
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return instance.Name switch
            {
                ProvisionStoreWorkflow.Name => JsonSerializer.Deserialize<ProvisionStoreResult>(json, ApiResult.JsonOptions),
                DeleteStoreWorkflow.Name => JsonSerializer.Deserialize<DeleteStoreResult>(json, ApiResult.JsonOptions),
                BatchProvisionWorkflow.Name => JsonSerializer.Deserialize<BatchProvisionResult>(json, ApiResult.JsonOptions),
                _ => Parse(json),
            };
        }
        catch (JsonException)
        {
            // A failed orchestration's output can be plain text; it is shown as a string, not a 500.
            return JsonValue.Create(json);
        }
    }

    /// <summary>
    /// Durable payloads are stored with .NET's default (PascalCase) names; the API speaks camelCase
    /// everywhere, so property names are converted on the way out.
    /// </summary>
    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return CamelCase(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            // A failed orchestration's output can be plain text; it is shown as a string, not a 500.
            return JsonValue.Create(json);
        }
    }

    private static JsonNode? CamelCase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    renamed[JsonNamingPolicy.CamelCase.ConvertName(name)] = CamelCase(value);
                }

                return renamed;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                return new JsonArray(items.Select(CamelCase).ToArray());
            default:
                return node;
        }
    }

    private StoreNaming Naming(StoreName name) => new(name, settings.BaseDomain);

    private static string OperationKind(OrchestrationMetadata operation) => operation.Name switch
    {
        DeleteStoreWorkflow.Name => "delete",
        BatchProvisionWorkflow.Name => "batch",
        _ => "provision",
    };

    private static OperationLink Link(string id, string kind, string? status) => new(id, kind, status, OperationHref(id));

    private static string OperationHref(string id) => "/api/operations/" + Uri.EscapeDataString(id);

    private static StoreLinks Links(string name, string? operationId) => new(
        "/api/stores/" + name, "/api/stores/" + name + "/events", "/api/stores/" + name + "/credentials",
        operationId is null ? null : OperationHref(operationId));

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Request failed on a dependency: {Reason}")]
    private static partial void LogDependencyFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Create of store {Store} accepted for {Actor}")]
    private static partial void LogCreateAccepted(ILogger logger, string store, string actor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Batch {Batch} of {Count} stores accepted for {Actor}")]
    private static partial void LogBatchAccepted(ILogger logger, string batch, int count, string actor);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Delete of store {Store} accepted for {Actor}")]
    private static partial void LogDeleteAccepted(ILogger logger, string store, string actor);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Credentials of store {Store} read by {Actor}")]
    private static partial void LogCredentialsRead(ILogger logger, string store, string actor);
}
