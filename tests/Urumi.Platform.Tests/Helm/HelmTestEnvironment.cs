using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>Where the tests find the real helm binary, the repository and the mini-store chart.</summary>
internal static class HelmTestEnvironment
{
    public static string HelmBinary => Urumi.Testing.Repository.Helm;

    public static string RepoRoot => Urumi.Testing.Repository.Root;

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
}
