using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>Where the tests find the real helm binary, the repository and the mini-store chart.</summary>
internal static class HelmTestEnvironment
{
    private static readonly Lazy<string?> Root = new(FindRepoRoot);

    /// <summary><c>URUMI_TEST_HELM</c>, else <c>.tools/bin/helm</c> in the repository, else <c>helm</c> on PATH.</summary>
    public static string HelmBinary
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("URUMI_TEST_HELM");
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment;
            }

            if (Root.Value is { } root)
            {
                var tools = Path.Combine(root, ".tools", "bin", "helm");
                if (File.Exists(tools))
                {
                    return tools;
                }
            }

            return "helm";
        }
    }

    public static string RepoRoot => Root.Value ?? throw new InvalidOperationException("Urumi.sln not found above " + AppContext.BaseDirectory);

    public static string MiniStoreChart => Path.Combine(RepoRoot, "tests", "charts", "mini-store");

    public static HelmCli CreateCli(HelmOptions options) =>
        new(Options.Create(options), NullLogger<HelmCli>.Instance, TimeProvider.System);

    /// <summary>Values shaped like the ones the orchestrator sends for a WooCommerce store.</summary>
    public static Dictionary<string, object?> StoreValues(string store, string? existingSecret) => new()
    {
        ["store"] = new Dictionary<string, object?>
        {
            ["name"] = store,
            ["host"] = $"{store}.shops.example.test",
            ["plan"] = "small",
            ["engine"] = "woocommerce",
        },
        ["existingSecret"] = existingSecret,
        ["commonLabels"] = new Dictionary<string, string> { ["urumi.io/store"] = store, ["urumi.io/plan"] = "small" },
        ["wordpress"] = new Dictionary<string, object?>
        {
            ["resources"] = new Dictionary<string, object?>
            {
                ["requests"] = new Dictionary<string, object?> { ["cpu"] = "100m", ["memory"] = "256Mi" },
                ["limits"] = new Dictionary<string, object?> { ["cpu"] = "500m", ["memory"] = "512Mi" },
            },
            ["persistence"] = new Dictionary<string, object?> { ["size"] = "2Gi" },
        },
        ["mariadb"] = new Dictionary<string, object?>
        {
            ["resources"] = new Dictionary<string, object?>
            {
                ["requests"] = new Dictionary<string, object?> { ["cpu"] = "100m", ["memory"] = "256Mi" },
            },
            ["persistence"] = new Dictionary<string, object?> { ["size"] = "1Gi" },
        },
    };

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Urumi.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
