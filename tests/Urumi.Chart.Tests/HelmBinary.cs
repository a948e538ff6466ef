using System.Diagnostics;

namespace Urumi.Chart.Tests;

/// <summary>
/// Finds and runs the real helm binary: <c>URUMI_TEST_HELM</c> when set, else <c>.tools/bin/helm</c>
/// next to <c>Urumi.sln</c> (found by walking up from the test assembly), else <c>helm</c> on PATH.
/// </summary>
public static class HelmBinary
{
    public static string Path => Urumi.Testing.Repository.Helm;

    /// <summary>The folder holding <c>Urumi.sln</c>.</summary>
    public static string RepositoryRoot => Urumi.Testing.Repository.Root;

    public static HelmResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep helm away from any real cluster or user configuration.
        start.Environment["KUBECONFIG"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "urumi-chart-tests-no-kubeconfig");
        start.Environment["HELM_CACHE_HOME"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "urumi-chart-tests-helm", "cache");
        start.Environment["HELM_CONFIG_HOME"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "urumi-chart-tests-helm", "config");
        start.Environment["HELM_DATA_HOME"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "urumi-chart-tests-helm", "data");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return new HelmResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
