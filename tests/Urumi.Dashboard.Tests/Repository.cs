namespace Urumi.Dashboard.Tests;

/// <summary>Paths in the repository and the tools build/bootstrap.sh installed.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string DashboardFolder => Path.Combine(Root, "dashboard");

    /// <summary>Screenshots and failure captures of the browser tests (git-ignored).</summary>
    public static string OutputFolder => Path.Combine(Root, "TestResults", "dashboard");

    public static string PlaywrightCore => Path.Combine(Root, ".tools", "node_modules", "playwright-core");

    public static string BrowserScript(string name) => Path.Combine(AppContext.BaseDirectory, "browser", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Urumi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Urumi.sln not found above " + AppContext.BaseDirectory);
    }
}
