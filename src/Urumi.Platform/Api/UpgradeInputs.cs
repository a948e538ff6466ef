using Microsoft.Extensions.Options;
using Urumi.Domain.Engines;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>
/// The one way an upgrade's workflow input is made from a store, for <c>PATCH /api/stores/{name}</c> and for
/// each store of a bulk upgrade: the store's spec on the new plan (owner and dates unchanged), and the
/// revision a failed upgrade rolls back to — the deployed one, or, when the release is not deployed right
/// now (its last change failed), the last revision that was.
/// </summary>
public sealed class UpgradeInputs(IHelm helm, IOptions<StoreApiOptions> options, TimeProvider time)
{
    private readonly StoreApiOptions settings = options.Value;

    public async Task<UpgradeStoreInput> ForAsync(ManagedStore store, StoreEngine engine, StorePlan plan, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        var naming = new StoreNaming(store.Name, settings.BaseDomain);
        var current = await helm.GetAsync(naming.Release, naming.Namespace, cancellationToken);
        var fromRevision = current is { Status: HelmReleaseStatus.Deployed }
            ? current.Revision
            : await helm.LastDeployedRevisionAsync(naming.Release, naming.Namespace, cancellationToken);
        var spec = new StoreSpec(store.Name, engine.Id, plan.Id, store.Owner ?? actor.Name, store.CreatedAt ?? time.GetUtcNow(), store.ExpiresAt);
        return new UpgradeStoreInput(spec, store.Plan, settings.BaseDomain, actor.Name, settings.ProvisioningPolicy(), settings.PublicUrl, fromRevision);
    }
}
