using Urumi.Domain;
using Urumi.Platform.Files;

namespace Urumi.Platform.Helm;

/// <summary>
/// Where a chart and its values files are: a chart name under <see cref="HelmOptions.ChartsRoot"/> (found
/// upwards from the app base directory when relative) becomes that folder, and the configured environment
/// values files are taken from the chart folder.
/// </summary>
internal sealed class HelmChartLocation(HelmOptions options)
{
    private readonly Lazy<string> _chartsRoot = new(() => UpwardSearch.ResolveFolder(options.ChartsRoot));

    /// <summary>
    /// A chart name under the charts root becomes that folder; absolute paths, repo references
    /// (<c>repo/chart</c>) and OCI/HTTP URLs go to helm unchanged.
    /// </summary>
    public string Resolve(string chart)
    {
        if (Path.IsPathRooted(chart) || chart.Contains("://", StringComparison.Ordinal))
        {
            return chart;
        }

        var underRoot = Path.GetFullPath(Path.Combine(_chartsRoot.Value, chart));
        return Directory.Exists(underRoot) || File.Exists(underRoot) ? underRoot : chart;
    }

    /// <summary>
    /// The configured environment files (inside the chart folder when relative), then the request's (taken from
    /// the chart folder when a relative name exists there, else as given).
    /// </summary>
    public List<string> ValuesFiles(string resolvedChart, IReadOnlyList<string>? requestFiles)
    {
        var files = new List<string>();
        foreach (var configured in options.ValuesFiles)
        {
            var path = Path.IsPathRooted(configured) ? configured : Path.Combine(resolvedChart, configured);
            if (!File.Exists(path))
            {
                throw new PermanentException($"The values file '{configured}' from Urumi:Helm:ValuesFiles does not exist at '{path}'.");
            }

            files.Add(path);
        }

        foreach (var requested in requestFiles ?? [])
        {
            // A relative name that exists in the chart folder (values-prod.yaml) means that file.
            var inChart = Path.IsPathRooted(requested) ? requested : Path.Combine(resolvedChart, requested);
            files.Add(File.Exists(inChart) ? inChart : requested);
        }

        return files;
    }
}
