using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Urumi.Chart.Tests;

/// <summary>Renders the platform chart (charts/urumi) with one of its values files; renders are cached per input.</summary>
public static class PlatformChart
{
    public const string Namespace = "urumi";

    private static readonly ConcurrentDictionary<string, Lazy<HelmOutput>> Cache = new();

    public static string Directory { get; } = System.IO.Path.Combine(Repository.Root, "charts", "urumi");

    public static HelmOutput Template(string valuesFile, params string[] extra) =>
        Cache.GetOrAdd(string.Join('|', [valuesFile, .. extra]), _ => new Lazy<HelmOutput>(() =>
            Helm.Offline.Run(["template", "urumi", Directory, "--namespace", Namespace, "-f", System.IO.Path.Combine(Directory, valuesFile), .. extra]))).Value;

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(string valuesFile, params string[] extra)
    {
        var result = Template(valuesFile, extra);
        Assert.True(result.ExitCode == 0, result.Describe());
        return KubernetesYaml.LoadAllFromString(result.Stdout).Cast<IKubernetesObject<V1ObjectMeta>>().ToList();
    }

    public static T One<T>(string valuesFile, params string[] extra) => Objects(valuesFile, extra).OfType<T>().Single();
}
