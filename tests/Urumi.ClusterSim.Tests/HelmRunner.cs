using System.Diagnostics;

namespace Urumi.ClusterSim.Tests;

/// <summary>Runs the real helm binary against one simulator, with HOME pinned to a scratch folder.</summary>
internal sealed class HelmRunner : IDisposable
{
    private readonly string home;
    private readonly string kubeconfig;

    public HelmRunner(ClusterSimulator simulator)
    {
        home = Path.Combine(Path.GetTempPath(), "urumi-sim-helm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        kubeconfig = simulator.WriteKubeconfig(Path.Combine(home, ".kube", "config"));
    }

    public async Task<HelmResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(TestEnvironment.HelmBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new HelmResult(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary><c>helm upgrade --install</c> of <paramref name="chart"/> with store values and the given extra flags.</summary>
    public Task<HelmResult> UpgradeInstallAsync(string release, string ns, string chart, params string[] extra) =>
        RunAsync([
            "upgrade", "--install", release, chart, "-n", ns, "--create-namespace",
            "--set", $"store.name={release}", "--set", $"store.host={release}.shops.example.test", "--set", $"existingSecret={release}-creds",
            .. extra,
        ]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

internal sealed record HelmResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.00}s\n{Stdout}\n{Stderr}";
}
