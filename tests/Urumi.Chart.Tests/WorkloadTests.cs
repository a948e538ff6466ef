using k8s.Models;

namespace Urumi.Chart.Tests;

public sealed class WorkloadTests
{
    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryContainer_HasCpuAndMemoryRequestsAndLimits(string environmentFile)
    {
        var containers = ChartRender.Containers(environmentFile);
        Assert.NotEmpty(containers);
        foreach (var (name, c) in containers)
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(c.Resources?.Requests?.ContainsKey(resource) == true, $"{name} has no {resource} request");
                Assert.True(c.Resources?.Limits?.ContainsKey(resource) == true, $"{name} has no {resource} limit");
            }
        }
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryContainer_RunsNonRootWithoutCapabilitiesOrEscalation(string environmentFile)
    {
        foreach (var (name, c) in ChartRender.Containers(environmentFile))
        {
            var sc = c.SecurityContext;
            Assert.True(sc is not null, $"{name} has no securityContext");
            Assert.True(sc.RunAsNonRoot == true, $"{name} may run as root");
            Assert.True(sc.AllowPrivilegeEscalation == false, $"{name} allows privilege escalation");
            Assert.True(sc.Privileged != true, $"{name} is privileged");
            Assert.True(sc.Capabilities?.Drop?.Contains("ALL") == true, $"{name} does not drop ALL capabilities");
            Assert.True(sc.Capabilities?.Add is null || sc.Capabilities.Add.Count == 0, $"{name} adds capabilities");
            Assert.True(sc.ReadOnlyRootFilesystem is not null, $"{name} does not state readOnlyRootFilesystem");
        }
    }

    [Fact]
    public void Render_WritableRootFilesystem_OnlyTheDocumentedWordPressException()
    {
        var writable = ChartRender.Containers(ChartRender.LocalValues)
            .Where(c => c.Container.SecurityContext.ReadOnlyRootFilesystem != true)
            .Select(c => c.Name)
            .ToList();

        Assert.Equal(["Deployment/shop-demo-wordpress/wordpress"], writable);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_EveryPod_HasNoServiceAccountTokenAndNonRootPodSecurity(string environmentFile)
    {
        foreach (var (workload, template) in ChartRender.PodTemplates(environmentFile))
        {
            var spec = template.Spec;
            Assert.True(spec.AutomountServiceAccountToken == false, $"{workload} mounts a service account token");
            Assert.True(spec.SecurityContext?.RunAsNonRoot == true, $"{workload} pod may run as root");
            Assert.Equal("RuntimeDefault", spec.SecurityContext?.SeccompProfile?.Type);
            Assert.True(spec.HostNetwork != true && spec.HostPID != true && spec.HostIPC != true, $"{workload} shares a host namespace");
            Assert.DoesNotContain(spec.Volumes ?? [], v => v.HostPath is not null);
        }

        var account = Assert.Single(ChartRender.OfType<V1ServiceAccount>(environmentFile));
        Assert.False(account.AutomountServiceAccountToken);
    }

    [Fact]
    public void Render_Images_ArePinnedToExactTags()
    {
        var images = ChartRender.Containers(ChartRender.LocalValues).Select(c => c.Container.Image).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["mariadb:11.4.8", "wordpress:6.8.3-php8.3-apache", "wordpress:cli-2.12.0-php8.3"], images);
    }

    [Theory]
    [InlineData("wordpress")]
    [InlineData("mariadb")]
    public void Render_LongRunningContainers_HaveStartupReadinessAndLivenessProbes(string container)
    {
        var c = Assert.Single(ChartRender.Containers(ChartRender.LocalValues), x => x.Container.Name == container).Container;

        Assert.NotNull(c.StartupProbe);
        Assert.NotNull(c.ReadinessProbe);
        Assert.NotNull(c.LivenessProbe);
        // A first boot gets at least 5 minutes before liveness may restart the container.
        Assert.True(c.StartupProbe.PeriodSeconds * c.StartupProbe.FailureThreshold >= 300, $"{container} startup window is too short");
    }

    [Fact]
    public void Render_WordPressReadiness_WaitsForTheSetupMarker()
    {
        var c = Assert.Single(ChartRender.Containers(ChartRender.LocalValues), x => x.Container.Name == "wordpress").Container;

        Assert.Contains(c.ReadinessProbe.Exec.Command, part => part.Contains("/var/www/html/wp-content/.urumi-setup-complete", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Volumes_AreOneContentClaimAndOneDatabaseClaimTemplate()
    {
        var objects = ChartRender.Objects(ChartRender.LocalValues);
        var pvc = Assert.Single(objects.OfType<V1PersistentVolumeClaim>());
        var sts = Assert.Single(objects.OfType<V1StatefulSet>());
        var claim = Assert.Single(sts.Spec.VolumeClaimTemplates);
        var headless = Assert.Single(objects.OfType<V1Service>(), s => s.Name() == sts.Spec.ServiceName);

        Assert.Equal("1Gi", pvc.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("local-path", pvc.Spec.StorageClassName);
        Assert.Equal("2Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("None", headless.Spec.ClusterIP);
    }

    [Fact]
    public void Render_WordPressAndSetup_ReadTheSameSaltFilesFromTheContentVolume()
    {
        var configured = ChartRender.Containers(ChartRender.LocalValues)
            .Where(c => c.Container.Env?.Any(e => e.Name == "WORDPRESS_DB_HOST") == true)
            .ToList();
        string[] salts = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"];

        Assert.Equal(["Deployment/shop-demo-wordpress/wordpress", "Job/" + Assert.Single(ChartRender.OfType<V1Job>(ChartRender.LocalValues)).Name() + "/setup"], configured.Select(c => c.Name));
        foreach (var (name, c) in configured)
        {
            foreach (var salt in salts)
            {
                var file = c.Env.SingleOrDefault(e => e.Name == $"WORDPRESS_{salt}_FILE")?.Value;
                Assert.True(file == $"/var/www/html/wp-content/.htsalt-{salt.ToLowerInvariant().Replace('_', '-')}", $"{name} reads {salt} from {file ?? "nowhere"}");
            }
        }

        var init = Assert.Single(ChartRender.OfType<V1Deployment>(ChartRender.LocalValues)).Spec.Template.Spec.InitContainers;
        Assert.Equal("salts", Assert.Single(init).Name);
        Assert.Equal(File.ReadAllText(Path.Combine(ChartRender.ChartDirectory, "files", "wordpress-salts.sh")), init[0].Command[2]);
    }
}
