using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Platform.Api;
using Urumi.Platform.Helm;
using Urumi.Platform.Storage;

namespace Urumi.Testing;

/// <summary>The shared HTTP handlers composed as the hosts' containers compose them, over the ports a test gives.</summary>
public static class ApiHandlers
{
    /// <param name="inventory">What the admission reads the stores from; by default a list from <paramref name="cluster"/> per call.</param>
    /// <param name="queue">Queue single creates as Urumi.Server does; by default they are scheduled inline, as on the Functions host.</param>
    public static StoresApi Stores(
        ICluster cluster, IAuditLog audit, IOperationClaims claims, StoreApiOptions? options = null, TimeProvider? time = null, IStoreInventory? inventory = null, QueuedStarts? queue = null)
    {
        var settings = Options.Create(options ?? new StoreApiOptions());
        var clock = time ?? TimeProvider.System;
        var views = new StoreViews(settings);
        return new StoresApi(
            cluster,
            new StoreAdmission(inventory ?? new ListingInventory(cluster), new QuotaReservations(clock), new CreateRateLimit(settings), settings, clock),
            new OperationStarter(claims, TestMetrics.Create(clock), NullLogger<OperationStarter>.Instance, queue),
            new StoreQueries(cluster, audit, claims, views, settings, clock, NullLogger<StoreQueries>.Instance),
            views,
            Problems(),
            settings,
            NullLogger<StoresApi>.Instance);
    }

    /// <summary>The upgrade and rollback handlers over the given ports, with the repository's charts.</summary>
    public static StoreChangesApi Changes(ICluster cluster, IHelm helm, IOperationClaims claims, StoreApiOptions? options = null, TimeProvider? time = null)
    {
        var settings = Options.Create(options ?? new StoreApiOptions());
        var clock = time ?? TimeProvider.System;
        return new StoreChangesApi(
            cluster,
            helm,
            new UpgradeInputs(helm, settings, clock),
            new OperationStarter(claims, TestMetrics.Create(clock), NullLogger<OperationStarter>.Instance),
            new StoreViews(settings),
            Problems(),
            new ChartVersions(Options.Create(new HelmOptions { ChartsRoot = Path.Combine(Repository.Root, "charts") })),
            settings,
            clock,
            NullLogger<StoreChangesApi>.Instance);
    }

    /// <summary>The bulk upgrade handler over the given ports, with the repository's charts.</summary>
    public static BulkUpgradeApi BulkUpgrade(ICluster cluster, IHelm helm, IOperationClaims claims, StoreApiOptions? options = null)
    {
        var settings = Options.Create(options ?? new StoreApiOptions());
        return new BulkUpgradeApi(
            cluster,
            new UpgradeInputs(helm, settings, TimeProvider.System),
            new OperationStarter(claims, TestMetrics.Create(TimeProvider.System), NullLogger<OperationStarter>.Instance),
            Problems(),
            new ChartVersions(Options.Create(new HelmOptions { ChartsRoot = Path.Combine(Repository.Root, "charts") })),
            settings,
            NullLogger<BulkUpgradeApi>.Instance);
    }

    public static ApiProblems Problems() => new(NullLogger<ApiProblems>.Instance);
}
