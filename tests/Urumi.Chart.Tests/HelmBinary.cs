using System.Diagnostics;

namespace Urumi.Chart.Tests;

/// <summary>
/// Finds and runs the real helm binary: <c>URUMI_TEST_HELM</c> when set, else <c>.tools/bin/helm</c>
/// next to <c>Urumi.sln</c> (found by walking up from the test assembly), else <c>helm</c> on PATH.
/// </summary>
public static class HelmBinary
{
    private static readonly Lazy<string> LazyPath = new(Locate);

    public static string Path => LazyPath.Value;

    /// <summary>The folder holding <c>Urumi.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

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

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("URUMI_TEST_HELM");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var tool = System.IO.Path.Combine(RepositoryRoot, ".tools", "bin", "helm");
        return File.Exists(tool) ? tool : "helm";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Urumi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Urumi.sln above {AppContext.BaseDirectory}.");
    }
}

public sealed record HelmResult(int ExitCode, string Stdout, string Stderr)
{
    public string Describe() => $"exit {ExitCode}\nstderr:\n{Stderr}\nstdout:\n{Stdout}";
}
