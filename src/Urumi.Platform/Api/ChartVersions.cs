using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Urumi.Domain.Engines;
using Urumi.Platform.Helm;
using YamlDotNet.Serialization;

namespace Urumi.Platform.Api;

/// <summary>
/// The chart versions an upgrade may ask for. Each engine has one chart folder under the charts root and so one
/// version (its <c>Chart.yaml</c>); <c>chartVersion</c> is accepted from an admin only, and only that version.
/// </summary>
public sealed class ChartVersions(IOptions<HelmOptions> options)
{
    private readonly HelmChartLocation location = new(options.Value);
    private readonly ConcurrentDictionary<string, string?> versions = new(StringComparer.Ordinal);

    /// <summary>The version in the engine's <c>Chart.yaml</c>; null when the chart is not a folder here (a repo or OCI reference).</summary>
    public string? VersionOf(StoreEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return versions.GetOrAdd(engine.Chart, chart =>
        {
            var file = Path.Combine(location.Resolve(chart), "Chart.yaml");
            if (!File.Exists(file))
            {
                return null;
            }

            var metadata = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<Dictionary<string, object?>>(File.ReadAllText(file));
            return metadata?.GetValueOrDefault("version")?.ToString();
        });
    }

    /// <summary>Null when <paramref name="actor"/> may ask for <paramref name="chartVersion"/> of <paramref name="engine"/>; else the 403 or 400 saying why.</summary>
    public ApiResult? Refuse(StoreEngine engine, string chartVersion, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            return ApiResult.Problem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden, "Only an admin may choose the chart version.",
                $"{actor.Name} may change the plan of its stores; leave out 'chartVersion' (an admin rolls chart versions out).");
        }

        var available = VersionOf(engine);
        return string.Equals(chartVersion, available, StringComparison.Ordinal)
            ? null
            : ApiResult.Invalid(new Domain.DomainValidationException("chartVersion",
                available is null
                    ? $"Chart {engine.Chart} is not a folder under the charts root, so no chart version can be chosen for {engine.DisplayName}."
                    : $"Chart version '{chartVersion}' is not available for {engine.DisplayName}; available: {available} (chart {engine.Chart})."));
    }
}
