using k8s.Models;
using Urumi.Domain.Engines;

namespace Urumi.Chart.Tests.Medusa;

public sealed class MedusaChartTests
{
    private static readonly string[] MedusaRoutes = ["/store", "/admin", "/auth", "/app"];

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Lint_StrictWithEnvironmentAndMedusaStoreValues_IsClean(string environmentFile)
    {
        var result = Helm.Offline.Run(
            "lint", "--strict", MedusaChartRender.ChartDirectory, "--namespace", MedusaChartRender.Naming.Namespace,
            "-f", Path.Combine(MedusaChartRender.ChartDirectory, environmentFile),
            "-f", MedusaChartRender.StoreValuesFile(MedusaEngine.Small));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.DoesNotContain("[WARNING]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Local_HasServerStorefrontPostgresqlRedisAndANonHookSetupJob()
    {
        var objects = MedusaChartRender.Objects(ChartRender.LocalValues);

        Assert.Equal(
            ["med-demo-medusa", "med-demo-redis", "med-demo-storefront"],
            objects.OfType<V1Deployment>().Select(d => d.Name()).Order());
        var database = Assert.Single(objects.OfType<V1StatefulSet>());
        Assert.Equal("2Gi", database.Spec.VolumeClaimTemplates.Single().Spec.Resources.Requests["storage"].ToString());
        var job = Assert.Single(objects.OfType<V1Job>());
        Assert.DoesNotContain(job.Annotations() ?? new Dictionary<string, string>(), a => a.Key.StartsWith("helm.sh/hook", StringComparison.Ordinal));
        Assert.Equal(["sh", "/scripts/setup.sh"], job.Spec.Template.Spec.Containers.Single().Command);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryContainer_PinnedNonRootReadOnlyWithRequestsLimitsAndNoApiToken(string environmentFile)
    {
        var containers = MedusaChartRender.Containers(environmentFile);

        Assert.Equal(5, containers.Count);
        foreach (var (name, pod, c) in containers)
        {
            Assert.False(c.Image.EndsWith(":latest", StringComparison.Ordinal) || !c.Image.Contains(':', StringComparison.Ordinal), $"{name} image {c.Image} is not pinned");
            Assert.True(c.Resources?.Requests?.ContainsKey("cpu") == true && c.Resources.Limits?.ContainsKey("memory") == true, $"{name} lacks requests or limits");
            Assert.True(c.SecurityContext?.RunAsNonRoot == true && c.SecurityContext.AllowPrivilegeEscalation == false, $"{name} may run as root or escalate");
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem == true, $"{name} has a writable root filesystem");
            Assert.True(c.SecurityContext.Capabilities?.Drop?.Contains("ALL") == true, $"{name} keeps capabilities");
            Assert.True(pod.AutomountServiceAccountToken == false, $"{name} mounts an API token");
        }
    }

    [Fact]
    public void Render_LongRunningContainers_HaveReadinessAndLivenessProbes()
    {
        foreach (var (name, _, c) in MedusaChartRender.Containers(ChartRender.LocalValues).Where(c => !c.Name.StartsWith("Job/", StringComparison.Ordinal)))
        {
            Assert.True(c.ReadinessProbe is not null && c.LivenessProbe is not null, $"{name} lacks a readiness or liveness probe");
        }
    }

    [Fact]
    public void Render_Secrets_OnlyBySecretKeyRefToTheExistingSecret()
    {
        var result = MedusaChartRender.Template(ChartRender.LocalValues);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.DoesNotContain("kind: Secret", result.Stdout, StringComparison.Ordinal);

        var secretEnv = MedusaChartRender.Containers(ChartRender.LocalValues)
            .SelectMany(c => c.Container.Env ?? [])
            .Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .ToList();
        Assert.All(secretEnv, e => Assert.Equal(MedusaChartRender.Naming.CredentialsSecret, e.ValueFrom.SecretKeyRef.Name));
        Assert.Equal(
            ["admin-email", "admin-password", "cookie-secret", "db-password", "jwt-secret"],
            secretEnv.Select(e => e.ValueFrom.SecretKeyRef.Key).Distinct().Order());
        var databaseUrl = MedusaChartRender.Containers(ChartRender.LocalValues).SelectMany(c => c.Container.Env ?? []).First(e => e.Name == "DATABASE_URL");
        Assert.Contains("$(DB_PASSWORD)", databaseUrl.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Ingress_StorefrontAtRootAndMedusaRoutesOnTheStoreHost()
    {
        var ingress = Assert.Single(MedusaChartRender.Objects(ChartRender.LocalValues).OfType<V1Ingress>());

        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.Equal(MedusaChartRender.Naming.Host, rule.Host);
        var routes = rule.Http.Paths.ToDictionary(p => p.Path, p => p.Backend.Service.Name);
        Assert.Equal("med-demo-storefront", routes["/"]);
        Assert.All(MedusaRoutes, path => Assert.Equal("med-demo-medusa", routes[path]));
        Assert.Equal("medusa", ingress.Labels()["urumi.io/engine"]);
    }

    [Fact]
    public void Render_NetworkPolicies_DefaultDenyAndDatabaseOnlyFromServerAndSetup()
    {
        var policies = MedusaChartRender.Objects(ChartRender.LocalValues).OfType<V1NetworkPolicy>().ToDictionary(p => p.Name());

        var deny = policies["med-demo-default-deny"];
        Assert.Empty(deny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Equal(["Ingress", "Egress"], deny.Spec.PolicyTypes);
        var database = policies["med-demo-postgresql-from-clients"];
        Assert.Equal(
            ["medusa", "setup"],
            database.Spec.Ingress.Single().FromProperty.Select(f => f.PodSelector.MatchLabels["app.kubernetes.io/component"]).Order());
        Assert.Equal("5432", database.Spec.Ingress.Single().Ports.Single().Port.ToString());
    }

    [Fact]
    public void Render_MediumPlan_QuotaCoversEveryContainerWithHeadroom()
    {
        var quota = Assert.Single(MedusaChartRender.Objects(ChartRender.LocalValues, MedusaEngine.Medium).OfType<V1ResourceQuota>());

        // Medium: medusa 2 + storefront 0.25 + postgresql 1 + redis 0.25 + setup 1 = 4.5 CPU, +25 %.
        Assert.Equal("5625m", quota.Spec.Hard["limits.cpu"].ToString());
        Assert.Equal("12800Mi", quota.Spec.Hard["requests.storage"].ToString());
        Assert.Single(MedusaChartRender.Objects(ChartRender.LocalValues, MedusaEngine.Medium).OfType<V1LimitRange>());
    }

    [Fact]
    public void Render_WithoutExistingSecret_RefusedBySchemaAndTemplateSayingTheChartNeverGeneratesAPassword()
    {
        var rejected = MedusaChartRender.Template(ChartRender.LocalValues, null, "--set", "existingSecret=");
        var result = MedusaChartRender.Template(ChartRender.LocalValues, null, "--set", "existingSecret=", "--skip-schema-validation");

        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("/existingSecret", rejected.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("existingSecret is required", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("never generates or defaults a password", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ProductionWithoutTls_IsRefused()
    {
        var result = MedusaChartRender.Template(ChartRender.ProdValues, null, "--set", "ingress.tls.enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("needs ingress.tls.enabled=true", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WooCommerceEngineValue_IsRejectedBySchema()
    {
        var result = MedusaChartRender.Template(ChartRender.LocalValues, null, "--set", "store.engine=woocommerce");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/store/engine", result.Stderr, StringComparison.Ordinal);
    }
}
