using k8s;
using k8s.Models;

namespace Urumi.Chart.Tests;

public sealed class SetupJobTests
{
    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_NoObject_IsAHelmHook(string environmentFile)
    {
        foreach (var o in ChartRender.Objects(environmentFile))
        {
            var hooks = (o.Annotations() ?? new Dictionary<string, string>()).Keys.Where(k => k.StartsWith("helm.sh/hook", StringComparison.Ordinal));
            Assert.True(!hooks.Any(), $"{ChartRender.Describe(o)} is a hook: {string.Join(", ", hooks)}");
        }
    }

    [Fact]
    public void Render_SetupJob_HasSmallBackoffAndKeepsItsCondition()
    {
        var job = Assert.Single(ChartRender.OfType<V1Job>(ChartRender.LocalValues));

        Assert.InRange(job.Spec.BackoffLimit ?? 6, 0, 3);
        Assert.Null(job.Spec.TtlSecondsAfterFinished);
        Assert.NotNull(job.Spec.ActiveDeadlineSeconds);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void Render_SetupJob_NameIsStableForSameValuesAndChangesWithThem()
    {
        static string JobName(params string[] extra) => Assert.Single(ChartRender.OfType<V1Job>(ChartRender.LocalValues, null, extra)).Name();

        var baseline = JobName();

        Assert.Equal(baseline, JobName("--set", "setup.backoffLimit=2"));
        Assert.NotEqual(baseline, JobName("--set", "woocommerce.version=10.2.1"));
        Assert.StartsWith("shop-demo-setup-", baseline, StringComparison.Ordinal);
        Assert.InRange(baseline.Length, 1, 52);
    }

    [Fact]
    public void Render_SetupJob_RunsWithTheScriptConfigMapOfTheSameRevision()
    {
        var objects = ChartRender.Objects(ChartRender.LocalValues);
        var job = Assert.Single(objects.OfType<V1Job>());
        var volume = Assert.Single(job.Spec.Template.Spec.Volumes, v => v.ConfigMap is not null);
        var map = Assert.Single(objects.OfType<V1ConfigMap>());

        Assert.Equal(map.Name(), volume.ConfigMap.Name);
        Assert.Equal(["bash", "/scripts/setup.sh"], job.Spec.Template.Spec.Containers.Single().Command);
        Assert.Equal(["bash", "/scripts/prepare.sh"], job.Spec.Template.Spec.InitContainers.Single().Command);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues, "local", "http://shop-demo.localhost")]
    [InlineData(ChartRender.ProdValues, "production", "https://shop-demo.localhost")]
    public void Render_Environment_SetsWordPressEnvironmentTypeAndUrl(string environmentFile, string environmentType, string url)
    {
        foreach (var (name, c) in ChartRender.Containers(environmentFile).Where(c => c.Container.Env?.Any(e => e.Name == "WORDPRESS_CONFIG_EXTRA") == true))
        {
            var extra = c.Env.Single(e => e.Name == "WORDPRESS_CONFIG_EXTRA").Value;
            Assert.True(extra.Contains($"define('WP_ENVIRONMENT_TYPE', '{environmentType}');", StringComparison.Ordinal), $"{name}: {extra}");
            Assert.True(extra.Contains($"define('WP_HOME', '{url}');", StringComparison.Ordinal), $"{name}: {extra}");
        }

        var setup = Assert.Single(ChartRender.Containers(environmentFile), c => c.Container.Name == "setup").Container;
        Assert.Equal(environmentType, setup.Env.Single(e => e.Name == "EXPECTED_ENVIRONMENT_TYPE").Value);
        Assert.Equal(url, setup.Env.Single(e => e.Name == "STORE_URL").Value);
    }
}
