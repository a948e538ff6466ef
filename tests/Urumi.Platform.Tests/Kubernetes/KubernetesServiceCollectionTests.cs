using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urumi.ClusterSim;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Urumi.Platform.Kubernetes;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddUrumiKubernetes();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddUrumiKubernetes_NoSettings_BindsDefaults()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<KubernetesOptions>>().Value;

        Assert.Equal(8, options.MaxConcurrentRequests);
        Assert.Equal(3, options.MaxRetriesOn429);
        Assert.Equal(TimeSpan.FromSeconds(30), options.WatchTimeout);
        Assert.Equal(3, options.CrashLoopFatalRestarts);
        Assert.Equal(TimeSpan.FromMinutes(2), options.UnschedulableFatalAfter);
    }

    [Fact]
    public void AddUrumiKubernetes_InvalidSetting_FailsValidation()
    {
        using var provider = Build(new() { ["Urumi:Kubernetes:MaxConcurrentRequests"] = "0" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KubernetesOptions>>().Value);
    }

    [Fact]
    public async Task AddUrumiKubernetes_MissingKubeConfig_ResolvesAndFailsClearlyOnFirstUse()
    {
        using var provider = Build(new() { ["Urumi:Kubernetes:KubeConfig"] = "/nonexistent/urumi-kubeconfig" });
        var cluster = provider.GetRequiredService<ICluster>();
        var health = provider.GetRequiredService<IKubernetesHealth>();

        var error = await Assert.ThrowsAsync<PermanentException>(() => health.PingAsync());

        Assert.Same(cluster, health);
        Assert.Contains("/nonexistent/urumi-kubeconfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUrumiKubernetes_HealthCheck_NamedClusterAndReportsConfigProblem()
    {
        using var provider = Build(new() { ["Urumi:Kubernetes:KubeConfig"] = "/nonexistent/urumi-kubeconfig" });

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

        var cluster = Assert.Single(report.Entries, e => e.Key == "cluster").Value;
        Assert.Equal(HealthStatus.Unhealthy, cluster.Status);
        var error = Assert.IsType<PermanentException>(cluster.Exception);
        Assert.Contains("KubeConfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUrumiKubernetes_SimulatorKubeconfig_HealthCheckReturnsServerVersion()
    {
        await using var sim = await ClusterSimulator.StartAsync();
        var kubeconfig = sim.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"urumi-kubeconfig-{Guid.NewGuid():N}"));
        try
        {
            using var provider = Build(new() { ["Urumi:Kubernetes:KubeConfig"] = kubeconfig });

            var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

            var cluster = Assert.Single(report.Entries, e => e.Key == "cluster").Value;
            Assert.Equal(HealthStatus.Healthy, cluster.Status);
            Assert.Equal("v1.35.0+urumi-sim", cluster.Description);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
