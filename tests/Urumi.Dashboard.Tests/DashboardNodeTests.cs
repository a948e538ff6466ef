namespace Urumi.Dashboard.Tests;

/// <summary>
/// The dashboard's pure helpers (relative time, Retry-After parsing, name validation, ...) have
/// <c>node --test</c> tests beside them (<c>dashboard/*.test.js</c>); this runs them in the test run,
/// so a failing one fails the run.
/// </summary>
public sealed class DashboardNodeTests
{
    [Fact]
    public async Task NodeTests_DashboardTestFiles_AllPass()
    {
        var files = Directory.GetFiles(Repository.DashboardFolder, "*.test.js").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        var (exit, output, error) = await Node.RunAsync("--test", files, timeout: TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"node --test failed:\n{output}\n{error}");
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }
}
