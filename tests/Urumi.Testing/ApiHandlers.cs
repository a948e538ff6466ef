using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Platform.Api;
using Urumi.Platform.Storage;

namespace Urumi.Testing;

/// <summary>The shared HTTP handlers composed as the hosts' containers compose them, over the ports a test gives.</summary>
public static class ApiHandlers
{
    /// <param name="inventory">What the admission reads the stores from; by default a list from <paramref name="cluster"/> per call.</param>
    public static StoresApi Stores(ICluster cluster, IAuditLog audit, IOperationClaims claims, StoreApiOptions? options = null, TimeProvider? time = null, IStoreInventory? inventory = null)
    {
        var settings = Options.Create(options ?? new StoreApiOptions());
        var clock = time ?? TimeProvider.System;
        var views = new StoreViews(settings);
        return new StoresApi(
            cluster,
            new StoreAdmission(inventory ?? new ListingInventory(cluster), new QuotaReservations(clock), new CreateRateLimit(settings), settings, clock),
            new OperationStarter(claims, TestMetrics.Create(clock), NullLogger<OperationStarter>.Instance),
            new StoreQueries(cluster, audit, views, settings, clock, NullLogger<StoreQueries>.Instance),
            views,
            Problems(),
            settings,
            NullLogger<StoresApi>.Instance);
    }

    public static ApiProblems Problems() => new(NullLogger<ApiProblems>.Instance);
}
