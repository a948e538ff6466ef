namespace Urumi.Testing;

/// <summary>
/// Where tests and the benchmark find the repository and the real helm binary.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string?> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Urumi.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    });

    /// <summary>The folder holding Urumi.sln above the test binaries.</summary>
    public static string Root => RootFolder.Value ?? throw new InvalidOperationException("Urumi.sln not found above " + AppContext.BaseDirectory);

    /// <summary><c>URUMI_TEST_HELM</c> (set by build/test.sh), else <c>.tools/bin/helm</c> of the repository, else <c>helm</c> on PATH.</summary>
    public static string Helm
    {
        get
        {
            if (Environment.GetEnvironmentVariable("URUMI_TEST_HELM") is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment;
            }

            var tools = RootFolder.Value is { } root ? Path.Combine(root, ".tools", "bin", "helm") : null;
            return tools is not null && File.Exists(tools) ? tools : "helm";
        }
    }
}
