using System.Text.Json;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Api;

/// <summary>
/// <c>GET /api/stores/{name}/revisions</c>: the store's Helm history (newest first, at most <see cref="Shown"/>)
/// with each revision's chart version and plan. Tenancy as for every store route: another owner's store
/// answers exactly as a missing one.
/// </summary>
public sealed class StoreRevisions(ICluster cluster, IHelm helm, IOptions<StoreApiOptions> options)
{
    /// <summary>How many revisions are listed; each costs one <c>helm get values</c>.</summary>
    public const int Shown = 10;

    public async Task<ApiResult> ListAsync(string? name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(options);
        if (!StoreName.TryParse(name, out var storeName, out var error))
        {
            return ApiResult.Invalid(new DomainValidationException("name", error));
        }

        var store = await cluster.GetStoreAsync(storeName, cancellationToken);
        if (store is null || !actor.MayAccess(store.Owner))
        {
            return ApiProblems.NoStore(storeName);
        }

        var naming = new StoreNaming(storeName, options.Value.BaseDomain);
        var history = await helm.HistoryAsync(naming.Release, naming.Namespace, Shown, cancellationToken);
        var revisions = new List<RevisionView>(history.Count);
        foreach (var revision in history.OrderByDescending(r => r.Revision))
        {
            var values = await helm.ValuesAsync(naming.Release, naming.Namespace, revision.Revision, cancellationToken);
            revisions.Add(new RevisionView(
                revision.Revision, revision.Chart, ChartVersion(revision.Chart), PlanOf(values), revision.Status.ToHelmText(), revision.Updated, revision.Description));
        }

        return ApiResult.Ok(new RevisionList(storeName.Value, revisions));
    }

    /// <summary>The version helm appends to the chart name (<c>urumi-store-0.1.0</c> → <c>0.1.0</c>): the text after the first "-" followed by a digit.</summary>
    internal static string? ChartVersion(string? chart)
    {
        if (chart is null)
        {
            return null;
        }

        for (var i = 0; i + 1 < chart.Length; i++)
        {
            if (chart[i] == '-' && char.IsAsciiDigit(chart[i + 1]))
            {
                return chart[(i + 1)..];
            }
        }

        return null;
    }

    /// <summary>The <c>store.plan</c> the engines write into every release's values.</summary>
    internal static string? PlanOf(string? valuesJson)
    {
        if (string.IsNullOrWhiteSpace(valuesJson))
        {
            return null;
        }

        using var document = JsonDocument.Parse(valuesJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("store", out var store) && store.ValueKind == JsonValueKind.Object
            && store.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.String
                ? plan.GetString()
                : null;
    }
}
