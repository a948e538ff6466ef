using k8s;
using k8s.Models;
using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Chart.Tests;

public sealed class LabelTests
{
    public static TheoryData<string, string> EnvironmentsAndPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var env in new[] { ChartRender.LocalValues, ChartRender.ProdValues })
        {
            foreach (var plan in new WooCommerceEngine().Plans)
            {
                data.Add(env, plan.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnvironmentsAndPlans))]
    public void Render_EveryObject_CarriesExactlyTheDomainCommonLabels(string environmentFile, string planId)
    {
        var plan = new WooCommerceEngine().FindPlan(planId);
        var expected = ChartRender.Naming.CommonLabels(WooCommerceEngine.EngineId, plan.Id);

        foreach (var labels in AllLabelSets(environmentFile, plan))
        {
            foreach (var (key, value) in expected)
            {
                Assert.True(labels.Labels.TryGetValue(key, out var actual), $"{labels.Owner} lacks label {key}");
                Assert.True(actual == value, $"{labels.Owner} has {key}={actual}, the domain derives {value}");
            }
        }
    }

    /// <summary>Volume claim templates cannot change: their labels must not change with the plan or chart version, or no upgrade could apply.</summary>
    [Theory]
    [MemberData(nameof(EnvironmentsAndPlans))]
    public void Render_VolumeClaimTemplates_CarryTheStoreLabelsButNoneAnUpgradeChanges(string environmentFile, string planId)
    {
        var plan = new WooCommerceEngine().FindPlan(planId);
        var expected = ChartRender.Naming.CommonLabels(WooCommerceEngine.EngineId, plan.Id).Where(l => l.Key != StoreNaming.LabelPlan).ToList();
        var claims = ClaimLabelSets(environmentFile, plan);

        Assert.NotEmpty(claims);
        foreach (var (owner, labels) in claims)
        {
            Assert.All(expected, l => Assert.True(labels.TryGetValue(l.Key, out var actual) && actual == l.Value, $"{owner} lacks {l.Key}={l.Value}"));
            Assert.All(new[] { StoreNaming.LabelPlan, "helm.sh/chart", "app.kubernetes.io/version" }, key => Assert.False(labels.ContainsKey(key), $"{owner} carries {key}"));
        }
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryObject_CarriesRecommendedLabels(string environmentFile)
    {
        foreach (var labels in AllLabelSets(environmentFile, WooCommerceEngine.Small))
        {
            Assert.Equal("urumi-store", Label(labels, StoreNaming.LabelName));
            Assert.Equal("Helm", Label(labels, StoreNaming.LabelManagedBy));
            Assert.StartsWith("urumi-store-", Label(labels, "helm.sh/chart"), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(Label(labels, "app.kubernetes.io/component")), $"{labels.Owner} has an empty component");
        }
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_WorkloadSelectors_MatchTheirPodTemplateLabels(string environmentFile)
    {
        foreach (var o in ChartRender.Objects(environmentFile))
        {
            var (selector, template) = o switch
            {
                V1Deployment d => (d.Spec.Selector, d.Spec.Template),
                V1StatefulSet s => (s.Spec.Selector, s.Spec.Template),
                _ => (null, null),
            };
            if (template is null)
            {
                continue;
            }

            Assert.True(LabelSelectors.Matches(selector, template.Metadata.Labels), $"{ChartRender.Describe(o)} selector does not match its pods");
            Assert.DoesNotContain(StoreNaming.LabelPlan, selector!.MatchLabels.Keys);
            Assert.Equal(ChartRender.Naming.Release, selector.MatchLabels[StoreNaming.LabelInstance]);
        }
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryService_SelectsExactlyOneWorkload(string environmentFile)
    {
        var pods = ChartRender.PodTemplates(environmentFile);
        foreach (var service in ChartRender.OfType<V1Service>(environmentFile))
        {
            var selector = new V1LabelSelector { MatchLabels = service.Spec.Selector };
            var matched = pods.Where(p => LabelSelectors.Matches(selector, p.Template.Metadata.Labels)).Select(p => p.Workload).ToList();
            Assert.True(matched.Count == 1, $"Service/{service.Name()} selects [{string.Join(", ", matched)}]");
        }
    }

    [Fact]
    public void Render_CommonLabelsCollidingWithDerivedOnes_DerivedWin()
    {
        var values = ChartRender.WriteTemp("collide-" + Guid.NewGuid().ToString("N"), "commonLabels:\n  urumi.io/plan: gold\n  team: shop\n");
        foreach (var labels in AllLabelSets(ChartRender.LocalValues, WooCommerceEngine.Small, "-f", values))
        {
            Assert.Equal("small", Label(labels, StoreNaming.LabelPlan));
            Assert.Equal("shop", Label(labels, "team"));
        }
    }

    private static string? Label((string Owner, IDictionary<string, string> Labels) labels, string key) =>
        labels.Labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>Labels of every object, every pod template and every volume claim template.</summary>
    private static List<(string Owner, IDictionary<string, string> Labels)> AllLabelSets(string environmentFile, StorePlan plan, params string[] extra)
    {
        var sets = new List<(string, IDictionary<string, string>)>();
        var objects = ChartRender.Objects(environmentFile, plan, extra);
        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            sets.Add((ChartRender.Describe(o), o.Labels() ?? new Dictionary<string, string>()));
        }

        foreach (var (workload, template) in ChartRender.PodTemplates(environmentFile, plan, extra))
        {
            sets.Add(($"{workload} pod template", template.Metadata.Labels ?? new Dictionary<string, string>()));
        }

        return sets;
    }

    private static List<(string Owner, IDictionary<string, string> Labels)> ClaimLabelSets(string environmentFile, StorePlan plan) =>
        ChartRender.Objects(environmentFile, plan).OfType<V1StatefulSet>()
            .SelectMany(sts => (sts.Spec.VolumeClaimTemplates ?? []).Select(claim =>
                ($"StatefulSet/{sts.Name()} claim {claim.Name()}", claim.Metadata.Labels ?? (IDictionary<string, string>)new Dictionary<string, string>())))
            .ToList();
}
