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
/// <c>POST /api/stores/upgrade</c> (admins): selects the Ready stores that match, turns each into an upgrade and
/// starts one <see cref="BulkUpgradeWorkflow"/> that holds all of them (one operation per store, as for a batch).
/// </summary>
public sealed partial class BulkUpgradeApi(
    ICluster cluster,
    UpgradeInputs upgrades,
    OperationStarter starter,
    ApiProblems problems,
    ChartVersions charts,
    IOptions<StoreApiOptions> options,
    ILogger<BulkUpgradeApi> logger)
{
    public const int MaxWindow = 20;

    private readonly StoreApiOptions settings = options.Value;

    public Task<ApiResult> StartAsync(DurableTaskClient client, BulkUpgradeRequest? request, Actor actor, CancellationToken cancellationToken) =>
        problems.GuardAsync(() => StartCoreAsync(client, request, actor, cancellationToken));

    private async Task<ApiResult> StartCoreAsync(DurableTaskClient client, BulkUpgradeRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return ApiResult.Problem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden, "Only an admin may upgrade stores in bulk.",
                $"{actor.Name} may upgrade its own stores one at a time (PATCH /api/stores/{{name}}).");
        }

        if (request is null || (request.Plan is null && request.ChartVersion is null))
        {
            return ApiResult.Invalid(new DomainValidationException("plan", "Give 'plan' and/or 'chartVersion', e.g. {\"plan\":\"medium\",\"selector\":{\"plan\":\"small\"}}."));
        }

        var window = request.Window ?? 2;
        var stopAfter = request.StopAfterFailures ?? 1;
        if (window is < 1 or > MaxWindow)
        {
            return ApiResult.Invalid(new DomainValidationException("window", $"window must be a whole number from 1 to {MaxWindow}."));
        }

        if (stopAfter < 1)
        {
            return ApiResult.Invalid(new DomainValidationException("stopAfterFailures", "stopAfterFailures must be 1 or more."));
        }

        var selector = request.Selector;
        var selected = (await cluster.ListStoresAsync(cancellationToken))
            .Where(s => s.Phase == StoreStatus.Ready && !s.Terminating
                && (selector?.Engine is null || s.Engine == selector.Engine) && (selector?.Plan is null || s.Plan == selector.Plan))
            .OrderBy(s => s.Name.Value, StringComparer.Ordinal)
            .ToList();
        var inputs = new List<UpgradeStoreInput>(selected.Count);
        foreach (var store in selected)
        {
            var engine = EngineCatalog.Find(store.Engine);
            if (request.ChartVersion is { } chartVersion && charts.Refuse(engine, chartVersion, actor) is { } badVersion)
            {
                return badVersion;
            }

            if (!engine.TryFindPlan(request.Plan ?? store.Plan, out var plan))
            {
                return ApiResult.Invalid(new DomainValidationException("plan",
                    $"Plan '{request.Plan}' does not exist for {engine.DisplayName} (store {store.Name}; it has {string.Join(", ", engine.Plans.Select(p => p.Id))}). Narrow the selection with selector.engine."));
            }

            if (plan.Id == store.Plan && request.ChartVersion is null)
            {
                continue;
            }

            inputs.Add(await upgrades.ForAsync(store, engine, plan, actor, cancellationToken));
        }

        if (inputs.Count == 0)
        {
            return ApiResult.Problem(HttpStatusCode.Conflict, ProblemTypes.NothingToChange, "Nothing would change.",
                $"No Ready store matches the selection and needs the change ({selected.Count} matched, none of them would change).");
        }

        var bulkId = WorkflowIds.NewBulkUpgrade();
        if (await starter.StartAsync(client, inputs.Select(i => i.Spec.Name).ToList(), BulkUpgradeWorkflow.Name,
            StoreOperations.StartOptions(bulkId), new BulkUpgradeInput(inputs, window, stopAfter), cancellationToken) is { } held)
        {
            return held;
        }

        LogBulkAccepted(logger, bulkId, inputs.Count, window, stopAfter, actor.Name);
        var body = new BatchAccepted(bulkId, inputs.Select(i => i.Spec.Name.Value).ToList(), ApiLinks.OperationLink(bulkId, OperationKinds.BulkUpgrade, "Pending"));
        return ApiResult.Accepted(body, ApiLinks.Operation(bulkId), settings.RetryAfterSeconds);
    }

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Bulk upgrade {Operation} of {Count} stores (window {Window}, stop after {StopAfter} failures) accepted for {Actor}")]
    private static partial void LogBulkAccepted(ILogger logger, string operation, int count, int window, int stopAfter, string actor);
}
