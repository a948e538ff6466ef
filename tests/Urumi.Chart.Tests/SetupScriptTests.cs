using System.Diagnostics;
using k8s.Models;

namespace Urumi.Chart.Tests;

public sealed class SetupScriptTests
{
    private static readonly string FilesDirectory = Path.Combine(ChartRender.ChartDirectory, "files");

    public static TheoryData<string> ShellScripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(FilesDirectory, "*.sh").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShellScripts))]
    public void RenderedScript_BashSyntaxCheck_Passes(string script)
    {
        var path = ChartRender.WriteTemp($"rendered-{Guid.NewGuid():N}-{script}", RenderedScript(script));

        var (exit, text) = Run("bash", "-n", path);

        Assert.True(exit == 0, $"bash -n {script}: {text}");
    }

    [Fact]
    public void Scripts_Shellcheck_ReportsNothing()
    {
        var shellcheck = FindOnPath("shellcheck");
        Assert.True(shellcheck is not null, "shellcheck is not installed: run build/bootstrap.sh (it installs it from Debian) or apt-get install shellcheck.");

        var scripts = Directory.GetFiles(FilesDirectory, "*.sh");
        var (exit, text) = Run(shellcheck!, ["--shell=bash", "--severity=style", .. scripts]);

        Assert.True(exit == 0, text);
    }

    [Theory]
    [MemberData(nameof(ShellScripts))]
    public void Script_FirstCommand_IsStrictMode(string script)
    {
        var firstCommand = File.ReadLines(Path.Combine(FilesDirectory, script))
            .Select(l => l.Trim())
            .First(l => l.Length > 0 && !l.StartsWith('#'));

        Assert.Equal("set -euo pipefail", firstCommand);
    }

    [Fact]
    public void SetupScript_LastSteps_AreTheSelfCheckThenTheReadyMarker()
    {
        var commands = File.ReadLines(Path.Combine(FilesDirectory, "setup.sh"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("log ", StringComparison.Ordinal))
            .ToList();

        Assert.Equal("wpc eval-file \"$SCRIPTS/self-check.php\"", commands[^2]);
        Assert.StartsWith("printf '%s\\n' \"$SETUP_REVISION\" > \"$WP_PATH/wp-content/.urumi-setup-complete\"", commands[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void SetupScript_NeverPutsTheAdminPasswordOnACommandLine()
    {
        var text = File.ReadAllText(Path.Combine(FilesDirectory, "setup.sh"));

        Assert.DoesNotContain("--admin_password=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--user_pass", text, StringComparison.Ordinal);
        Assert.Contains("--prompt=admin_password", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("self-check.php", "\"coming soon\" mode is off")]
    [InlineData("self-check.php", "Cash on Delivery is enabled")]
    [InlineData("self-check.php", "guest checkout is on")]
    [InlineData("self-check.php", "test product is in stock")]
    [InlineData("self-check.php", "pretty permalinks are on")]
    [InlineData("self-check.php", "application password \"urumi\" authenticates the admin")]
    [InlineData("configure.php", "wp_fast_hash")]
    public void PhpSteps_CoverTheShopRequirement(string file, string text)
    {
        Assert.Contains(text, File.ReadAllText(Path.Combine(FilesDirectory, file)), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigMap_CarriesEveryChartFileVerbatim()
    {
        var map = Assert.Single(ChartRender.OfType<V1ConfigMap>(ChartRender.LocalValues));
        var files = Directory.GetFiles(FilesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, map.Data.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(FilesDirectory, file!)).TrimEnd('\n'), map.Data[file!].TrimEnd('\n'));
        }
    }

    private static string RenderedScript(string script)
    {
        var map = Assert.Single(ChartRender.OfType<V1ConfigMap>(ChartRender.LocalValues));
        Assert.True(map.Data.TryGetValue(script, out var text), $"{script} is not in ConfigMap/{map.Name()}");
        return text;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
