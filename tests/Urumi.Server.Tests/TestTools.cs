namespace Urumi.Server.Tests;

internal static class TestTools
{
    /// <summary>The real helm: URUMI_TEST_HELM (set by build/test.sh), else .tools/bin/helm of the repository, else PATH.</summary>
    public static string Helm { get; } =
        Environment.GetEnvironmentVariable("URUMI_TEST_HELM") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : RepositoryFile(".tools/bin/helm") ?? "helm";

    private static string? RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Urumi.sln")))
            {
                var path = Path.Combine(dir.FullName, relative);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
