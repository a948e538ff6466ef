using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Chart.Tests;

/// <summary>
/// Renders the chart the way the orchestrator installs it: an environment values file from the
/// chart folder plus the per-store values produced by the domain's <see cref="WooCommerceEngine"/>.
/// Renders are cached per set of inputs so the suite runs helm as few times as it can.
/// </summary>
public static class ChartRender
{
    public const string StoreNameValue = "shop-demo";
    public const string BaseDomain = "localhost";
    public const string LocalValues = "values-local.yaml";
    public const string ProdValues = "values-prod.yaml";

    private static readonly ConcurrentDictionary<string, Lazy<HelmOutput>> Cache = new();

    public static string ChartDirectory { get; } = Path.Combine(Repository.Root, "charts", "urumi-store");

    public static StoreName Store { get; } = StoreName.Parse(StoreNameValue);

    public static StoreNaming Naming { get; } = new(Store, BaseDomain);

    public static string Namespace => Naming.Namespace;

    /// <summary>The per-store values file, as the orchestrator writes it (JSON is valid YAML).</summary>
    public static string StoreValuesFile(StorePlan plan)
    {
        var engine = new WooCommerceEngine();
        var spec = new StoreSpec(Store, engine.Id, plan.Id, "chart-tests", DateTimeOffset.UnixEpoch, null);
        var values = engine.Values(spec, Naming, plan);
        return WriteTemp($"store-{plan.Id}-{Guid.NewGuid():N}", JsonSerializer.Serialize(values));
    }

    /// <summary>A values file with the given YAML text.</summary>
    public static string WriteTemp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "urumi-chart-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary><c>helm template</c> with an environment file, the store values and extra files/args.</summary>
    public static HelmOutput Template(string environmentFile, StorePlan? plan = null, params string[] extra)
    {
        var key = string.Join('|', [environmentFile, (plan ?? WooCommerceEngine.Small).Id, .. extra]);
        return Cache.GetOrAdd(key, _ => new Lazy<HelmOutput>(() =>
        {
            List<string> args =
            [
                "template", Naming.Release, ChartDirectory,
                "--namespace", Namespace,
                "-f", Path.Combine(ChartDirectory, environmentFile),
                "-f", StoreValuesFile(plan ?? WooCommerceEngine.Small),
                .. extra,
            ];
            return Helm.Offline.Run([.. args]);
        })).Value;
    }

    /// <summary>Renders and parses; fails the test when helm fails.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(string environmentFile, StorePlan? plan = null, params string[] extra)
    {
        var result = Template(environmentFile, plan, extra);
        Assert.True(result.ExitCode == 0, result.Describe());
        return KubernetesYaml.LoadAllFromString(result.Stdout)
            .Cast<IKubernetesObject<V1ObjectMeta>>()
            .ToList();
    }

    public static IEnumerable<T> OfType<T>(string environmentFile, StorePlan? plan = null, params string[] extra) =>
        Objects(environmentFile, plan, extra).OfType<T>();

    /// <summary>Every pod template of the chart, with the name of the workload it belongs to.</summary>
    public static IReadOnlyList<(string Workload, V1PodTemplateSpec Template)> PodTemplates(string environmentFile, StorePlan? plan = null, params string[] extra)
    {
        var list = new List<(string, V1PodTemplateSpec)>();
        foreach (var o in Objects(environmentFile, plan, extra))
        {
            switch (o)
            {
                case V1Deployment d:
                    list.Add(($"Deployment/{d.Name()}", d.Spec.Template));
                    break;
                case V1StatefulSet s:
                    list.Add(($"StatefulSet/{s.Name()}", s.Spec.Template));
                    break;
                case V1Job j:
                    list.Add(($"Job/{j.Name()}", j.Spec.Template));
                    break;
                case V1CronJob or V1DaemonSet or V1ReplicaSet or V1Pod:
                    throw new InvalidOperationException($"Unexpected workload kind {o.Kind}: extend the tests.");
            }
        }

        return list;
    }

    /// <summary>Every container (init ones too) with a "workload/container" name.</summary>
    public static IReadOnlyList<(string Name, V1Container Container)> Containers(string environmentFile, StorePlan? plan = null, params string[] extra) =>
        PodTemplates(environmentFile, plan, extra)
            .SelectMany(p => (p.Template.Spec.InitContainers ?? []).Concat(p.Template.Spec.Containers)
                .Select(c => ($"{p.Workload}/{c.Name}", c)))
            .ToList();

    public static string Describe(IKubernetesObject<V1ObjectMeta> o) => $"{o.Kind}/{o.Name()}";
}
