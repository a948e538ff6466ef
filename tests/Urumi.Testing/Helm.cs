using System.Diagnostics;

namespace Urumi.Testing;

/// <summary>The real helm binary, for asserting on what the product left in the cluster.</summary>
public static class Helm
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo(Repository.Helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Polls <c>helm status</c> until the release shows <paramref name="status"/>.</summary>
    public static Task WaitForStatusAsync(string kubeconfig, string release, string ns, string status, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(
            async () => (await RunAsync(kubeconfig, "status", release, "-n", ns)).Output,
            output => output.Contains("STATUS: " + status, StringComparison.Ordinal),
            $"release {release} in {ns} showing {status}",
            timeout);
}
