using k8s.Models;
using Urumi.Domain.Engines;

namespace Urumi.Chart.Tests;

public sealed class QuotaTests
{
    public static TheoryData<string, string> EnvironmentsAndPlans() => LabelTests.EnvironmentsAndPlans();

    [Theory]
    [MemberData(nameof(EnvironmentsAndPlans))]
    public void Render_ResourceQuota_FitsDatabaseWordPressAndSetupTogether(string environmentFile, string planId)
    {
        var plan = new WooCommerceEngine().FindPlan(planId);
        var quota = Assert.Single(ChartRender.OfType<V1ResourceQuota>(environmentFile, plan)).Spec.Hard;
        var pods = ChartRender.PodTemplates(environmentFile, plan);

        foreach (var (kind, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
        {
            // A pod's effective amount is the larger of its biggest init container and the sum of its containers.
            var total = pods.Sum(p => Math.Max(
                (p.Template.Spec.InitContainers ?? []).Select(c => Amount(c, kind, resource)).DefaultIfEmpty(0).Max(),
                p.Template.Spec.Containers.Sum(c => Amount(c, kind, resource))));
            var hard = quota[$"{kind}.{resource}"].ToDecimal();
            Assert.True(total <= hard, $"{kind}.{resource}: the pods need {total}, the quota allows {hard}");
        }

        var storage = ChartRender.OfType<V1PersistentVolumeClaim>(environmentFile, plan).Sum(c => c.Spec.Resources.Requests["storage"].ToDecimal())
            + ChartRender.OfType<V1StatefulSet>(environmentFile, plan).SelectMany(s => s.Spec.VolumeClaimTemplates).Sum(c => c.Spec.Resources.Requests["storage"].ToDecimal());
        Assert.True(storage <= quota["requests.storage"].ToDecimal(), $"the volumes need {storage} bytes, the quota allows {quota["requests.storage"]}");
        Assert.True(int.Parse(quota["pods"].ToString(), System.Globalization.CultureInfo.InvariantCulture) >= pods.Count);
    }

    [Theory]
    [MemberData(nameof(EnvironmentsAndPlans))]
    public void Render_LimitRange_AdmitsEveryContainerAndVolume(string environmentFile, string planId)
    {
        var plan = new WooCommerceEngine().FindPlan(planId);
        var limitRange = Assert.Single(ChartRender.OfType<V1LimitRange>(environmentFile, plan));
        var container = Assert.Single(limitRange.Spec.Limits, l => l.Type == "Container");
        var claim = Assert.Single(limitRange.Spec.Limits, l => l.Type == "PersistentVolumeClaim");

        foreach (var (name, c) in ChartRender.Containers(environmentFile, plan))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(Amount(c, "limits", resource) <= container.Max[resource].ToDecimal(), $"{name} {resource} limit is above the LimitRange max");
            }
        }

        var sizes = ChartRender.OfType<V1PersistentVolumeClaim>(environmentFile, plan).Select(c => c.Spec.Resources.Requests["storage"].ToDecimal())
            .Concat(ChartRender.OfType<V1StatefulSet>(environmentFile, plan).SelectMany(s => s.Spec.VolumeClaimTemplates).Select(c => c.Spec.Resources.Requests["storage"].ToDecimal()));
        Assert.All(sizes, size => Assert.True(size <= claim.Max["storage"].ToDecimal()));
    }

    [Fact]
    public void Render_MediumPlan_UsesTheDomainPlanResources()
    {
        var plan = WooCommerceEngine.Medium;
        var containers = ChartRender.Containers(ChartRender.ProdValues, plan);
        var wordpress = Assert.Single(containers, c => c.Container.Name == "wordpress").Container;
        var mariadb = Assert.Single(containers, c => c.Container.Name == "mariadb").Container;

        Assert.Equal(plan.App.MemoryLimit, wordpress.Resources.Limits["memory"].ToString());
        Assert.Equal(plan.Database.CpuRequest, mariadb.Resources.Requests["cpu"].ToString());
    }

    private static decimal Amount(V1Container c, string kind, string resource)
    {
        var map = kind == "requests" ? c.Resources?.Requests : c.Resources?.Limits;
        return map is not null && map.TryGetValue(resource, out var q) ? q.ToDecimal() : 0;
    }
}
