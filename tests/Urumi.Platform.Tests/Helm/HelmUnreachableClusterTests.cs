using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>The real helm binary against an API server address where nothing listens.</summary>
public sealed class HelmUnreachableClusterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("urumi-helm-unreachable-").FullName;
    private readonly string _kubeconfig;
    private readonly HelmCli _helm;

    public HelmUnreachableClusterTests()
    {
        var kubeconfig = _kubeconfig = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: closed
              cluster:
                server: https://127.0.0.1:{Ports.Free()}
                insecure-skip-tls-verify: true
            contexts:
            - name: closed
              context:
                cluster: closed
                user: nobody
            current-context: closed
            users:
            - name: nobody
              user:
                token: not-a-real-token
            """);
        _helm = HelmTestEnvironment.CreateCli(new HelmOptions
        {
            BinaryPath = HelmTestEnvironment.HelmBinary,
            KubeConfig = kubeconfig,
            KubeContext = "closed",
        });
    }

    [Fact]
    public async Task GetAsync_ApiServerPortClosed_ThrowsTransientMentioningConnectionRefused()
    {
        var error = await Assert.ThrowsAsync<TransientException>(
            () => _helm.GetAsync("shop-a", "store-shop-a", CancellationToken.None));

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("helm status of release 'shop-a' in namespace 'store-shop-a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeInstallAsync_ApiServerPortClosed_ThrowsTransient()
    {
        var request = new HelmInstallRequest(
            "shop-a", "store-shop-a", HelmTestEnvironment.MiniStoreChart, [],
            HelmTestEnvironment.StoreValues("shop-a", "shop-a-credentials"), TimeSpan.FromSeconds(30), Wait: true);

        var error = await Assert.ThrowsAsync<TransientException>(() => _helm.UpgradeInstallAsync(request, CancellationToken.None));

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every command line HelmCli builds is accepted by the real helm's flag parser (an unknown flag would be
    /// a permanent "unknown flag" error before any connection attempt).
    /// </summary>
    [Theory]
    [InlineData("uninstall")]
    [InlineData("rollback")]
    [InlineData("list")]
    [InlineData("history")]
    public async Task Command_ApiServerPortClosed_ThrowsTransientNotAFlagError(string verb)
    {
        Func<Task> call = verb switch
        {
            "uninstall" => () => _helm.UninstallAsync("shop-a", "store-shop-a", CancellationToken.None),
            "rollback" => () => _helm.RollbackAsync("shop-a", "store-shop-a", 1, CancellationToken.None),
            "list" => () => _helm.ListAsync(CancellationToken.None),
            _ => () => _helm.HistoryAsync("shop-a", "store-shop-a", CancellationToken.None),
        };

        var error = await Assert.ThrowsAsync<TransientException>(call);

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeArguments_RunByRealHelm_ParseAndReachTheApiServer()
    {
        var request = new HelmInstallRequest("shop-a", "store-shop-a", HelmTestEnvironment.MiniStoreChart, [], new Dictionary<string, object?>(), TimeSpan.FromSeconds(30), Wait: true);
        var args = HelmArguments.Upgrade(request, HelmTestEnvironment.MiniStoreChart, request.Timeout, [], valuesOnStdin: false);
        args.AddRange(["--kubeconfig", _kubeconfig]);
        using var helm = new HelmSession(_kubeconfig);

        var result = await helm.RunAsync(args, CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("connection refused", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _helm.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
