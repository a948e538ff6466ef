using System.Text.Json.Nodes;
using k8s;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;
using Xunit.Abstractions;

namespace Urumi.ClusterSim.Tests;

/// <summary>The real helm binary against the simulator, with the mini-store chart (and once the real store chart).</summary>
public sealed class HelmTests(ITestOutputHelper output)
{
    private const string Release = "store-a";
    private const string Namespace = "store-a";

    private static readonly string[] Wait = ["--rollback-on-failure", "--wait", "--timeout", "30s"];

    [Fact]
    public async Task Install_WaitWithOneSecondReadyDelay_DeploysOnceReady()
    {
        await using var sim = await StartAsync(TimeSpan.FromSeconds(1));
        using var helm = new HelmSession(sim);

        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, Wait);

        output.WriteLine($"install --wait (ready delay 1 s): {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(0.9), $"helm --wait returned before the pods could be Ready: {result}");
        Assert.All(sim.Store.List(ResourceCatalog.Pods, Namespace), pod => Assert.True(TestEnvironment.HasCondition(pod, "Ready"), pod.ToJsonString()));
    }

    [Fact]
    public async Task Install_Wait_StoresDeployedReleaseSecret()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);

        await InstallAsync(helm);

        var release = sim.Store.Get(ResourceCatalog.Secrets, Namespace, "sh.helm.release.v1.store-a.v1");
        Assert.Equal("deployed", release.Str("metadata", "labels", "status"));
    }

    [Fact]
    public async Task Status_AfterInstall_ReportsDeployed()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        await InstallAsync(helm);

        var result = await helm.RunAsync("status", Release, "-n", Namespace);

        output.WriteLine($"status: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains("STATUS: deployed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAllNamespaces_AfterInstall_ListsRelease()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        await InstallAsync(helm);

        var result = await helm.RunAsync("list", "-A");

        output.WriteLine($"list -A: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains(Release, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_Identical_WritesRevisionTwoWithoutChangingTheDeploymentSpec()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        await InstallAsync(helm);

        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, Wait);

        output.WriteLine($"identical upgrade: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployed", sim.Store.Get(ResourceCatalog.Secrets, Namespace, "sh.helm.release.v1.store-a.v2").Str("metadata", "labels", "status"));
        Assert.Equal(1, sim.Store.Get(ResourceCatalog.Deployments, Namespace, "store-a-wordpress").Num("metadata", "generation"));
    }

    [Fact]
    public async Task Uninstall_Wait_RemovesTheReleaseAndItsPods()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        await InstallAsync(helm);

        var result = await helm.RunAsync("uninstall", Release, "-n", Namespace, "--wait");

        output.WriteLine($"uninstall --wait: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(sim.Store.List(ResourceCatalog.Secrets, Namespace, "owner=helm"));
        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Namespace).Count == 0, "the pods gone after helm uninstall");
    }

    [Fact]
    public async Task Install_NeverReadyImage_TimesOutAndUninstalls()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Image = "*:broken" });
        await CreateSecretAsync(sim);

        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, "--rollback-on-failure", "--wait", "--timeout", "2s", "--set", "wordpress.image.tag=broken");

        output.WriteLine($"failing install: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("has been uninstalled due to rollback-on-failure", result.Stderr, StringComparison.Ordinal);
        Assert.Null(sim.Store.TryGet(ResourceCatalog.Deployments, Namespace, "store-a-wordpress"));
        Assert.Empty(sim.Store.List(ResourceCatalog.Secrets, Namespace, "owner=helm"));
    }

    [Fact]
    public async Task Upgrade_NeverReadyImage_RollsBackToTheWorkingRevision()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Image = "*:broken" });
        await InstallAsync(helm);

        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, "--rollback-on-failure", "--wait", "--timeout", "2s", "--set", "wordpress.image.tag=broken");

        output.WriteLine($"failing upgrade + rollback: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains("has been rolled back due to rollback-on-failure", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("deployed", sim.Store.Get(ResourceCatalog.Secrets, Namespace, "sh.helm.release.v1.store-a.v3").Str("metadata", "labels", "status"));
        var image = (sim.Store.Get(ResourceCatalog.Deployments, Namespace, "store-a-wordpress").At("spec", "template", "spec", "containers") as JsonArray)![0].Str("image");
        Assert.DoesNotContain("broken", image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_LegacyWait_Deploys()
    {
        await using var sim = await StartAsync();
        using var helm = new HelmSession(sim);
        await CreateSecretAsync(sim);

        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, "--wait=legacy", "--timeout", "30s");

        output.WriteLine($"install --wait=legacy: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployed", sim.Store.Get(ResourceCatalog.Secrets, Namespace, "sh.helm.release.v1.store-a.v1").Str("metadata", "labels", "status"));
    }

    [Fact]
    public async Task Install_StoreChartWithWait_CompletesItsSetupJob()
    {
        await using var sim = await StartAsync(TimeSpan.FromSeconds(1));
        using var helm = new HelmSession(sim);
        await CreateSecretAsync(sim, "store-shop1", "shop1-creds");

        var result = await helm.UpgradeInstallAsync("shop1", "store-shop1", TestEnvironment.StoreChart,
            "-f", Path.Combine(TestEnvironment.StoreChart, "values-local.yaml"), "--rollback-on-failure", "--wait", "--wait-for-jobs", "--timeout", "30s");

        output.WriteLine($"urumi-store install --wait (ready delay 1 s): {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
        var job = Assert.Single(sim.Store.List(ResourceCatalog.Jobs, "store-shop1"));
        Assert.True(TestEnvironment.HasCondition(job, "Complete"));
    }

    private static Task<ClusterSimulator> StartAsync(TimeSpan? readyDelay = null) =>
        ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = readyDelay ?? TimeSpan.FromMilliseconds(200) });

    /// <summary>The store's Secret, created through the Kubernetes API as the orchestrator does.</summary>
    private static async Task CreateSecretAsync(ClusterSimulator sim, string ns = Namespace, string name = "store-a-creds")
    {
        using var client = sim.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = ns } });
        await client.CoreV1.CreateNamespacedSecretAsync(
            new k8s.Models.V1Secret
            {
                Metadata = new k8s.Models.V1ObjectMeta { Name = name },
                StringData = Json.StringMap(TestEnvironment.CredentialsSecret(ns, name)["stringData"]),
            },
            ns);
    }

    private async Task InstallAsync(HelmSession helm)
    {
        var result = await helm.UpgradeInstallAsync(Release, Namespace, TestEnvironment.MiniStoreChart, Wait);
        output.WriteLine($"install --wait: {result.Elapsed.TotalSeconds:0.00} s");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
