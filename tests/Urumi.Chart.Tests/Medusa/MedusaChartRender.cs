using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Chart.Tests.Medusa;

/// <summary>
/// Renders charts/urumi-medusa the way the orchestrator installs it: an environment values file plus
/// the per-store values of the domain's <see cref="MedusaEngine"/>. Cached per set of inputs.
/// </summary>
public static class MedusaChartRender
{
    private static readonly ConcurrentDictionary<string, Lazy<HelmOutput>> Cache = new();

    public static string ChartDirectory { get; } = Path.Combine(Repository.Root, "charts", "urumi-medusa");

    public static StoreNaming Naming { get; } = new(StoreName.Parse("med-demo"), ChartRender.BaseDomain);

    public static string StoreValuesFile(StorePlan plan)
    {
        var engine = new MedusaEngine();
        var spec = new StoreSpec(Naming.Store, engine.Id, plan.Id, "chart-tests", DateTimeOffset.UnixEpoch, null);
        return ChartRender.WriteTemp($"medusa-{plan.Id}-{Guid.NewGuid():N}", JsonSerializer.Serialize(engine.Values(spec, Naming, plan)));
    }

    public static HelmOutput Template(string environmentFile, StorePlan? plan = null, params string[] extra)
    {
        var key = string.Join('|', [environmentFile, (plan ?? MedusaEngine.Small).Id, .. extra]);
        return Cache.GetOrAdd(key, _ => new Lazy<HelmOutput>(() => Helm.Offline.Run(
        [
            "template", Naming.Release, ChartDirectory, "--namespace", Naming.Namespace,
            "-f", Path.Combine(ChartDirectory, environmentFile),
            "-f", StoreValuesFile(plan ?? MedusaEngine.Small),
            .. extra,
        ]))).Value;
    }

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(string environmentFile, StorePlan? plan = null, params string[] extra)
    {
        var result = Template(environmentFile, plan, extra);
        Assert.True(result.ExitCode == 0, result.Describe());
        return KubernetesYaml.LoadAllFromString(result.Stdout).Cast<IKubernetesObject<V1ObjectMeta>>().ToList();
    }

    /// <summary>Every container (init ones too) with a "Kind/workload/container" name.</summary>
    public static IReadOnlyList<(string Name, V1PodSpec Pod, V1Container Container)> Containers(string environmentFile)
    {
        var list = new List<(string, V1PodSpec, V1Container)>();
        foreach (var o in Objects(environmentFile))
        {
            var pod = o switch
            {
                V1Deployment d => d.Spec.Template.Spec,
                V1StatefulSet s => s.Spec.Template.Spec,
                V1Job j => j.Spec.Template.Spec,
                _ => null,
            };
            foreach (var c in pod is null ? [] : (pod.InitContainers ?? []).Concat(pod.Containers))
            {
                list.Add(($"{o.Kind}/{o.Name()}/{c.Name}", pod!, c));
            }
        }

        return list;
    }
}
