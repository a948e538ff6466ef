namespace Urumi.Dashboard.Tests;

/// <summary>Paths of the dashboard and the tools build/bootstrap.sh installed, in the repository <see cref="Urumi.Testing.Repository"/> finds.</summary>
internal static class Repository
{
    public static string Root => Urumi.Testing.Repository.Root;

    public static string DashboardFolder => Path.Combine(Root, "dashboard");

    /// <summary>Screenshots and failure captures of the browser tests (git-ignored).</summary>
    public static string OutputFolder => Path.Combine(Root, "TestResults", "dashboard");

    public static string PlaywrightCore => Path.Combine(Root, ".tools", "node_modules", "playwright-core");

    public static string BrowserScript(string name) => Path.Combine(AppContext.BaseDirectory, "browser", name);
}
