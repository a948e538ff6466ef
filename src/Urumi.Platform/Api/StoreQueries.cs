using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Api;

/// <summary>
/// The read endpoints: stores, credentials, the audit trail and operations, each as the caller may
/// see them (a member reads only what it owns; another owner's store answers as a missing one).
/// A create accepted but not scheduled yet (<see cref="QueuedStart"/>) is read from its claim, only
/// where the store and its operation would otherwise be missing.
/// </summary>
public sealed partial class StoreQueries(
    ICluster cluster,
    IAuditLog audit,
    IOperationClaims claims,
    StoreViews storeViews,
    IOptions<StoreApiOptions> options,
    TimeProvider time,
    ILogger<StoreQueries> logger)
{
    private readonly StoreApiOptions settings = options.Value;

    public async Task<ApiResult> ListAsync(DurableTaskClient client, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        var stores = await cluster.ListStoresAsync(cancellationToken);
        // Before the live operations: a start scheduled between the two reads shows in the second.
        var accepted = await claims.ListPendingAsync(TimeSpan.Zero, cancellationToken);
        var live = await StoreOperations.ReadLiveAsync(client, withInputs: true, cancellationToken);
        var views = new List<StoreView>();
        foreach (var store in stores)
        {
            // One operation per store runs at a time; should two ever show, the deletion wins.
            OrchestrationMetadata? operation = null;
            foreach (var id in WorkflowIds.ForStore(store.Name))
            {
                if (live.Remove(id, out var running) && (operation is null || running.Name == DeleteStoreWorkflow.Name))
                {
                    operation = running;
                }
            }

            views.Add(storeViews.View(store, operation));
        }

        // Operations whose namespace does not exist yet (just accepted) are stores too.
        foreach (var (id, operation) in live)
        {
            if (operation.Name == ProvisionStoreWorkflow.Name && id.StartsWith(WorkflowIds.ProvisionPrefix, StringComparison.Ordinal)
                && StoreName.TryParse(id[WorkflowIds.ProvisionPrefix.Length..], out var storeName, out _))
            {
                views.Add(storeViews.PendingView(storeName, operation));
            }
        }

        // Creates accepted but not scheduled yet.
        var shown = views.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var start in accepted)
        {
            if (!shown.Contains(start.Store) && AcceptedCreate(start) is { } input)
            {
                views.Add(storeViews.AcceptedView(input, start.InstanceId));
            }
        }

        return ApiResult.Ok(new StoreList(views.Where(v => actor.MayAccess(v.Owner)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList()));
    }

    public async Task<ApiResult> GetAsync(DurableTaskClient client, string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        var operation = await LatestOperationAsync(client, storeName, cancellationToken);
        var view = store is not null ? storeViews.View(store, operation)
            : operation is not null && StoreOperations.IsLive(operation) && operation.Name == ProvisionStoreWorkflow.Name ? storeViews.PendingView(storeName, operation)
            : null;
        if (store is null && view is null)
        {
            view = await AcceptedStoreAsync(client, storeName, cancellationToken);
        }

        // Another owner's store answers exactly as a missing one: a member learns nothing about it.
        return view is not null && actor.MayAccess(view.Owner) ? ApiResult.Ok(view) : ApiProblems.NoStore(storeName);
    }

    public async Task<ApiResult> CredentialsAsync(string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var naming = new StoreNaming(storeName, settings.BaseDomain);
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

    /// <param name="client">The task hub.</param>
    /// <param name="name">The store, or null for the global trail.</param>
    /// <param name="pageSize">The raw query value: null or empty takes 50; otherwise an integer from 1 to 200.</param>
    /// <param name="continuation">The previous page's continuation, if any.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    public async Task<ApiResult> EventsAsync(DurableTaskClient client, string? name, string? pageSize, string? continuation, Actor actor, CancellationToken cancellationToken)
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
                return ApiProblems.NoStore(StoreName.Parse(store));
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

    public async Task<ApiResult> OperationAsync(DurableTaskClient client, string? id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return ApiResult.Invalid(new DomainValidationException("id", $"Give an operation id such as '{WorkflowIds.ProvisionPrefix}shop1'."));
        }

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if ((instance is null || (instance.Name == ProvisionStoreWorkflow.Name && !StoreOperations.IsLive(instance)))
            && await AcceptedStartAsync(id, instance, cancellationToken) is { } start)
        {
            if (!start.Scheduled)
            {
                return AcceptedCreate(start) is { } input && (actor.IsAdmin || string.Equals(input.Actor, actor.Name, StringComparison.Ordinal) || actor.MayAccess(input.Spec.Owner))
                    ? ApiResult.StillRunning(StoreViews.AcceptedOperationView(start.InstanceId, input), settings.RetryAfterSeconds)
                    : ApiResult.NotFound($"There is no operation '{id}'.");
            }

            // Scheduled between the two reads.
            instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        }

        if (instance is null || !await MayReadOperationAsync(instance, actor, cancellationToken))
        {
            return ApiResult.NotFound($"There is no operation '{id}'.");
        }

        var view = StoreViews.OperationView(instance);
        return StoreOperations.IsLive(instance) ? ApiResult.StillRunning(view, settings.RetryAfterSeconds) : ApiResult.Ok(view);
    }

    /// <summary>A store whose create was accepted and whose instance did not show: from its claim, or from the instance scheduled since.</summary>
    private async Task<StoreView?> AcceptedStoreAsync(DurableTaskClient client, StoreName name, CancellationToken cancellationToken)
    {
        var start = await claims.FindStartAsync(name.Value, cancellationToken);
        if (start is null || start.InstanceId != WorkflowIds.Provision(name))
        {
            return null;
        }

        if (!start.Scheduled)
        {
            return AcceptedCreate(start) is { } input ? storeViews.AcceptedView(input, start.InstanceId) : null;
        }

        var instance = await client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true, cancellationToken);
        return StoreOperations.IsLive(instance) ? storeViews.PendingView(name, instance!) : null;
    }

    /// <summary>The queued create <paramref name="id"/> names when it was accepted after <paramref name="previous"/> (an earlier run of the same id) was created.</summary>
    private async Task<QueuedStart?> AcceptedStartAsync(string id, OrchestrationMetadata? previous, CancellationToken cancellationToken)
    {
        if (!id.StartsWith(WorkflowIds.ProvisionPrefix, StringComparison.Ordinal) || !StoreName.TryParse(id[WorkflowIds.ProvisionPrefix.Length..], out var name, out _))
        {
            return null;
        }

        var start = await claims.FindStartAsync(name.Value, cancellationToken);
        return start is not null && start.InstanceId == id && (previous is null || start.AcceptedAt > previous.CreatedAt) ? start : null;
    }

    /// <summary>The input of a queued create; null for another kind of start.</summary>
    private static ProvisionStoreInput? AcceptedCreate(QueuedStart start) =>
        start.Orchestrator == ProvisionStoreWorkflow.Name ? DurableJson.Read<ProvisionStoreInput>(start.Input) : null;

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
            UpgradeStoreWorkflow.Name => instance.ReadInputAs<UpgradeStoreInput>() is { } u ? ((StoreName?)u.Spec.Name, u.Actor) : (null, null),
            RollbackStoreWorkflow.Name => instance.ReadInputAs<RollbackStoreInput>() is { } r ? ((StoreName?)r.Store, r.Actor) : (null, null),
            _ => ((StoreName?)null, (string?)null),
        };
        if (string.Equals(requestedBy, actor.Name, StringComparison.Ordinal))
        {
            return true;
        }

        return store is { } name && await cluster.GetStoreAsync(name, cancellationToken) is { } owned && actor.MayAccess(owned.Owner);
    }

    /// <summary>The live operation of a store, else the most recent finished one.</summary>
    private static async Task<OrchestrationMetadata?> LatestOperationAsync(DurableTaskClient client, StoreName name, CancellationToken cancellationToken)
    {
        var operations = await Task.WhenAll(WorkflowIds.ForStore(name).Select(id => client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)));
        var live = operations.Where(StoreOperations.IsLive).ToList();
        return live.FirstOrDefault(i => i!.Name == DeleteStoreWorkflow.Name) ?? live.FirstOrDefault()
            ?? operations.Where(i => i is not null).MaxBy(i => i!.LastUpdatedAt);
    }

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Credentials of store {Store} read by {Actor}")]
    private static partial void LogCredentialsRead(ILogger logger, string store, string actor);
}
