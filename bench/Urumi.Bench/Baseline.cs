using System.Diagnostics;
using Urumi.Testing;

namespace Urumi.Bench;

/// <summary>Runs bench/baseline.sh against the stack's simulator with the same helm binary Urumi uses.</summary>
internal sealed class Baseline(Stack stack)
{
    private readonly string script = Path.Combine(Repository.Root, "bench", "baseline.sh");

    public Task<double> CreateAsync(string name) => RunAsync("create", name);

    public Task<double> DeleteAsync(string name) => RunAsync("delete", name);

    /// <summary>Milliseconds of one <c>helm status</c>: what a user without Urumi runs to see a store.</summary>
    public async Task<double> HelmStatusAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output) = await Helm.RunAsync(stack.Kubeconfig, "status", name, "-n", "store-" + name);
        return exit == 0 ? clock.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"helm status {name} failed: {output}");
    }

    private async Task<double> RunAsync(string verb, string name)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(name);
        info.Environment["KUBECONFIG"] = stack.Kubeconfig;
        info.Environment["HELM"] = Repository.Helm;
        info.Environment["KUBECTL"] = Path.Combine(Repository.Root, ".tools", "bin", "kubectl");
        info.Environment["INGRESS"] = stack.Cluster.IngressUri.ToString().TrimEnd('/');
        info.Environment["BASE_DOMAIN"] = "localhost";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        return process.ExitCode == 0
            ? elapsed
            : throw new InvalidOperationException($"bench/baseline.sh {verb} {name} failed ({process.ExitCode}): {await error}");
    }
}
