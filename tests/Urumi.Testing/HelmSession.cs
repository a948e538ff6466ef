using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Urumi.ClusterSim;

namespace Urumi.Testing;

/// <summary>
/// The one way the tests run the real helm binary (<see cref="Repository.Helm"/>), through CliWrap as
/// the product's adapter does: one kubeconfig, and HOME and helm's cache, config and data folders in a
/// scratch folder of its own (deleted on dispose), so no user or real-cluster configuration leaks in.
/// </summary>
public sealed class HelmSession : IDisposable
{
    /// <summary>A guard against a hung helm, not a measure: far above any run the tests make.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private readonly string home = Path.Combine(Path.GetTempPath(), "urumi-helm-" + Guid.NewGuid().ToString("N"));
    private readonly string kubeconfig;

    /// <param name="kubeconfig">The cluster helm talks to; null: none (a path that does not exist), for template and lint.</param>
    public HelmSession(string? kubeconfig)
    {
        Directory.CreateDirectory(home);
        this.kubeconfig = kubeconfig ?? Path.Combine(home, "no-kubeconfig");
    }

    /// <summary>Helm against <paramref name="simulator"/>, with the simulator's kubeconfig in the scratch folder.</summary>
    public HelmSession(ClusterSimulator simulator)
        : this((string?)null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        kubeconfig = simulator.WriteKubeconfig(Path.Combine(home, ".kube", "config"));
    }

    /// <summary>Runs helm from the repository root (relative chart paths work); a non-zero exit is a result, not an exception.</summary>
    public Task<HelmOutput> RunAsync(params string[] arguments) => RunAsync(arguments, CancellationToken.None);

    /// <param name="arguments">helm's arguments.</param>
    /// <param name="kill">Cancelling it kills helm where it stands (as a crash would) and throws <see cref="OperationCanceledException"/>.</param>
    public async Task<HelmOutput> RunAsync(IEnumerable<string> arguments, CancellationToken kill)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(kill);
        guard.CancelAfter(HangGuard);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await Cli.Wrap(Repository.Helm)
                .WithArguments(arguments)
                .WithWorkingDirectory(Repository.Root)
                .WithEnvironmentVariables(new Dictionary<string, string?>
                {
                    ["HOME"] = home,
                    ["KUBECONFIG"] = kubeconfig,
                    ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
                    ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
                    ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
                })
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(guard.Token);
            return new HelmOutput(result.ExitCode, result.StandardOutput, result.StandardError, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!kill.IsCancellationRequested)
        {
            throw new TimeoutException($"helm {string.Join(' ', arguments)} was still running after {HangGuard.TotalMinutes:0} minutes; it was killed.");
        }
    }

    /// <summary><see cref="RunAsync"/> for the synchronous chart-rendering helpers.</summary>
    public HelmOutput Run(params string[] arguments) => RunAsync(arguments).GetAwaiter().GetResult();

    public void Dispose()
    {
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a scratch folder in the temp directory.
        }
    }
}
