using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>What HelmCli puts on helm's command line and on its stdin (seen by a fake helm script).</summary>
public sealed class HelmArgumentTests : IDisposable
{
    private const string Marker = "marker-value-7f3c91";

    private readonly FakeHelm _fake = new();

    public HelmArgumentTests()
    {
        _fake.On("status", stderr: FakeHelm.NotFound, exitCode: 1)
            .On("upgrade", stdout: HelmSamples.Release("shop-a", "store-shop-a", 1, "deployed", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task UpgradeInstallAsync_WithWait_BuildsHelm4UpgradeArguments()
    {
        using var helm = Cli(new HelmOptions { KubeConfig = "/etc/urumi/kubeconfig", KubeContext = "kind-urumi" });

        await helm.UpgradeInstallAsync(Request(wait: true, valuesFiles: ["/charts/values-extra.yaml"]), CancellationToken.None);

        var upgrade = _fake.Calls.Single(c => c[0] == "upgrade");
        Assert.Equal(
            [
                "upgrade", "--install", "--create-namespace", "shop-a", "/charts/mini-store", "-n", "store-shop-a", "-o", "json",
                "--timeout", "90s", "--wait", "--rollback-on-failure", "-f", "/charts/values-extra.yaml", "-f", "-",
                "--kubeconfig", "/etc/urumi/kubeconfig", "--kube-context", "kind-urumi",
            ],
            upgrade);
    }

    [Fact]
    public async Task UpgradeInstallAsync_WithoutWaitOrKubeSettings_OmitsThoseFlags()
    {
        using var helm = Cli(new HelmOptions());

        await helm.UpgradeInstallAsync(Request(wait: false), CancellationToken.None);

        var upgrade = _fake.Calls.Single(c => c[0] == "upgrade");
        Assert.DoesNotContain("--wait", upgrade);
        Assert.DoesNotContain("--rollback-on-failure", upgrade);
        Assert.DoesNotContain("--kubeconfig", upgrade);
        Assert.DoesNotContain("--kube-context", upgrade);
    }

    [Fact]
    public async Task UpgradeInstallAsync_Values_NeverAppearOnTheCommandLine()
    {
        using var helm = Cli(new HelmOptions());

        await helm.UpgradeInstallAsync(Request(wait: true), CancellationToken.None);

        Assert.DoesNotContain(Marker, _fake.RawCalls, StringComparison.Ordinal);
        Assert.DoesNotContain("--set", _fake.RawCalls, StringComparison.Ordinal);
        Assert.Contains(Marker, _fake.ValuesContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeInstallAsync_Values_GoOnStdinAsTheOnlyValuesSource()
    {
        using var helm = Cli(new HelmOptions());

        await helm.UpgradeInstallAsync(Request(wait: true), CancellationToken.None);

        Assert.Equal("upgrade stdin -", Assert.Single(_fake.ValuesFiles));
        Assert.Contains(Marker, _fake.ValuesContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeInstallAsync_NoValues_ReadsNothingFromStdin()
    {
        using var helm = Cli(new HelmOptions());

        await helm.UpgradeInstallAsync(Request(wait: false) with { Values = new Dictionary<string, object?>() }, CancellationToken.None);

        Assert.Empty(_fake.ValuesFiles);
    }

    [Fact]
    public async Task UpgradeInstallAsync_ConfiguredValuesFiles_ComeFromTheChartFolderBeforeRequestFiles()
    {
        var chartsRoot = Path.Combine(_fake.Directory, "charts");
        Directory.CreateDirectory(Path.Combine(chartsRoot, "mini-store"));
        File.WriteAllText(Path.Combine(chartsRoot, "mini-store", "values-local.yaml"), "store: {}\n");
        var options = new HelmOptions { ChartsRoot = chartsRoot };
        options.ValuesFiles.Add("values-local.yaml");
        using var helm = Cli(options);

        await helm.UpgradeInstallAsync(Request(wait: false, chart: "mini-store", valuesFiles: ["/extra.yaml"]), CancellationToken.None);

        var upgrade = _fake.Calls.Single(c => c[0] == "upgrade");
        var chart = Path.Combine(chartsRoot, "mini-store");
        Assert.Equal(chart, upgrade[4]);
        var files = upgrade.Select((a, i) => (a, i)).Where(x => x.a == "-f").Select(x => upgrade[x.i + 1]).ToList();
        Assert.Equal(Path.Combine(chart, "values-local.yaml"), files[0]);
        Assert.Equal("/extra.yaml", files[1]);
    }

    [Fact]
    public async Task UninstallAsync_Always_WaitsAndIgnoresNotFound()
    {
        using var helm = Cli(new HelmOptions { OperationTimeout = TimeSpan.FromMinutes(2) });

        await helm.UninstallAsync("shop-a", "store-shop-a", CancellationToken.None);

        Assert.Equal(["uninstall", "shop-a", "-n", "store-shop-a", "--wait", "--timeout", "120s", "--ignore-not-found"], _fake.Calls.Single());
    }

    [Fact]
    public async Task UninstallAsync_ReleaseNotFound_Succeeds()
    {
        _fake.On("uninstall", stderr: "Error: uninstall: Release not loaded: shop-a: release: not found\n", exitCode: 1);
        using var helm = Cli(new HelmOptions());

        await helm.UninstallAsync("shop-a", "store-shop-a", CancellationToken.None);

        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task RollbackAsync_WithRevision_PassesRevisionAfterRelease()
    {
        using var helm = Cli(new HelmOptions { OperationTimeout = TimeSpan.FromSeconds(45) });

        await helm.RollbackAsync("shop-a", "store-shop-a", 2, CancellationToken.None);

        Assert.Equal(["rollback", "shop-a", "2", "-n", "store-shop-a", "--wait", "--timeout", "45s"], _fake.Calls.Single());
    }

    [Fact]
    public async Task RollbackAsync_WithoutRevision_LetsHelmPickThePreviousOne()
    {
        using var helm = Cli(new HelmOptions { OperationTimeout = TimeSpan.FromSeconds(45) });

        await helm.RollbackAsync("shop-a", "store-shop-a", null, CancellationToken.None);

        Assert.Equal(["rollback", "shop-a", "-n", "store-shop-a", "--wait", "--timeout", "45s"], _fake.Calls.Single());
    }

    public void Dispose() => _fake.Dispose();

    private HelmCli Cli(HelmOptions options)
    {
        options.BinaryPath = _fake.BinaryPath;
        return HelmTestEnvironment.CreateCli(options);
    }

    private static HelmInstallRequest Request(bool wait, IReadOnlyList<string>? valuesFiles = null, string chart = "/charts/mini-store") => new(
        "shop-a",
        "store-shop-a",
        chart,
        valuesFiles ?? [],
        new Dictionary<string, object?> { ["existingSecret"] = Marker, ["store"] = new Dictionary<string, object?> { ["host"] = "a.example.test" } },
        TimeSpan.FromSeconds(90),
        wait);
}
