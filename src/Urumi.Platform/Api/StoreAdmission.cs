using System.Net;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Api;

/// <summary>
/// Whether a create may start: the request read as a workflow input, then the reasons to say no before
/// anything is started (batch size, rate limit, existing stores, owner quota; a running operation of the
/// store is refused by its claim when the start is made, see <see cref="OperationStarter"/>). The
/// stores are read from the watch-fed <see cref="IStoreInventory"/>, not listed from the cluster per request.
/// </summary>
public sealed class StoreAdmission(IStoreInventory inventory, QuotaReservations reservations, CreateRateLimit rateLimit, IOptions<StoreApiOptions> options, TimeProvider time)
{
    private readonly StoreApiOptions settings = options.Value;

    /// <summary>The workflow input of one create; throws <see cref="DomainValidationException"/> naming the bad field.</summary>
    public ProvisionStoreInput ToInput(CreateStoreRequest request, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
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
        return new ProvisionStoreInput(spec, settings.BaseDomain, actor.Name, settings.ProvisioningPolicy(), settings.PublicUrl);
    }

    /// <summary>
    /// A batch the rate limit or the owner quota could never admit is a bad request, not a 429 whose
    /// Retry-After would never help; null when <paramref name="count"/> stores fit.
    /// </summary>
    public ApiResult? RefuseBatchSize(int count)
    {
        var (limit, why) = new[]
        {
            (settings.MaxBatchSize, "Urumi:Stores:MaxBatchSize"),
            (settings.CreatesPerMinute, "the create rate (Urumi:Stores:CreatesPerMinute)"),
            (settings.MaxStoresPerOwner, "the owner quota (Urumi:Stores:MaxStoresPerOwner)"),
        }.MinBy(l => l.Item1);
        return count > limit
            ? ApiResult.Invalid(new DomainValidationException("stores", $"A batch may hold at most {limit} stores ({why}); this one has {count}. Split it."))
            : null;
    }

    /// <summary>
    /// Rate limit, existing stores and owner quota: null when every one of
    /// <paramref name="inputs"/> may start, and then their places in the quota are reserved until the
    /// inventory shows them (<see cref="QuotaReservations"/>); a caller whose start is then refused gives
    /// them back with <see cref="Release"/>. One read of the (in-memory) inventory answers for the whole
    /// request, however many stores it holds; nothing here calls the task hub.
    /// </summary>
    public async Task<ApiResult?> RefuseAsync(IReadOnlyList<ProvisionStoreInput> inputs, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(actor);
        if (!rateLimit.TryAcquire(actor.Name, inputs.Count, out var wait))
        {
            return ApiProblems.RateLimited(actor, rateLimit.Limit, wait);
        }

        // A running operation of the store is refused by the start itself: every store operation the API
        // starts holds the store's claim (OperationStarter), so no query of the task hub is made here.
        var existing = await inventory.ListAsync(cancellationToken);
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
        }

        if (reservations.TryReserve(actor.Name, inputs.Select(i => i.Spec.Name).ToList(), existing, settings.MaxStoresPerOwner) is { } owned)
        {
            return ApiResult.Problem(HttpStatusCode.TooManyRequests, ProblemTypes.QuotaExceeded, "Store quota reached.",
                $"{actor.Name} has {owned} stores and may have at most {settings.MaxStoresPerOwner}; delete one first.");
        }

        return null;
    }

    /// <summary>Gives back the quota places <see cref="RefuseAsync"/> reserved for stores whose start was then refused or failed.</summary>
    public void Release(IReadOnlyList<ProvisionStoreInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        reservations.Release(inputs.Select(i => i.Spec.Name));
    }
}
