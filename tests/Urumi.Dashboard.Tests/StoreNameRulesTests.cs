using System.Text.Json;
using Urumi.Domain.Engines;
using Urumi.Domain.Stores;

namespace Urumi.Dashboard.Tests;

/// <summary>
/// The page validates names with dashboard/store-name.js, a port of <see cref="StoreName"/>. These
/// tests run one table of names through both and require the same verdict and the same words.
/// </summary>
public sealed class StoreNameRulesTests
{
    private static readonly string?[] Names =
    [
        null, "", " ", "\t", "\u00a0", "\u0085", "\ufeff", "a", "ab", "abc", "shop1", "shop-1", "my-shop-2024",
        "abcdefghijklmnopqrstuvwxyz1234", "abcdefghijklmnopqrstuvwxyz12345", new string('a', 64),
        "Shop1", "sHOP", "Ab_c", "AİB", "AΣB", "shop_1", "shop.1", "shop 1", "shop\n1", "shop\u00001", "shop\u007f1", "shöp", "shop😀",
        "😀shop", "1shop", "-shop", "shop-", "sh--op", "a-b", "a1-", "default", "admin", "api", "www", "root", "system", "urumi", "dashboard",
        "health", "events", "batch", "operations", "admins", "kube-system", "kube-", "openshift-x", "system-a", "urumi-x", "kubex",
        "shop-k3x9q2", " shop", "shop ", "ABC", "a\u200bbc",
    ];

    [Fact]
    public async Task StoreNameRules_JsAndCSharp_AgreeOnEveryName()
    {
        var (results, _) = await RunAsync();

        var disagreements = new List<string>();
        for (var i = 0; i < Names.Length; i++)
        {
            var expected = StoreName.TryParse(Names[i], out _, out var error) ? null : error;
            if (!string.Equals(expected, results[i], StringComparison.Ordinal))
            {
                disagreements.Add($"{Show(Names[i])}: C# says {Show(expected)}, JS says {Show(results[i])}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
        Assert.Contains(results, r => r is null);
        Assert.Contains(results, r => r is not null);
    }

    [Fact]
    public async Task Catalog_JsEnginesAndTheirPlans_MatchDomainCatalogs()
    {
        var (_, catalog) = await RunAsync();

        var engines = catalog.GetProperty("engines").EnumerateArray().ToList();
        Assert.Equal(EngineCatalog.All.Select(e => ((string?)e.Id, (string?)e.DisplayName)), engines.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("name").GetString())));
        foreach (var (engine, js) in EngineCatalog.All.Zip(engines))
        {
            var plans = js.GetProperty("plans").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("description").GetString()));
            Assert.Equal(engine.Plans.Select(p => ((string?)p.Id, (string?)p.Description)), plans);
        }
    }

    private static async Task<(List<string?> Results, JsonElement Catalog)> RunAsync()
    {
        // Code units, not strings: lone surrogates and control characters cross the process boundary intact.
        var input = JsonSerializer.Serialize(new { names = Names.Select(n => n?.Select(c => (int)c).ToArray()) });
        var (exit, output, error) = await Node.RunAsync(
            Repository.BrowserScript("store-name-check.mjs"), [Path.Combine(Repository.DashboardFolder, "store-name.js")], input: input, timeout: TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, error);
        var document = JsonDocument.Parse(output).RootElement;
        var results = document.GetProperty("results").EnumerateArray()
            .Select(r => r.ValueKind == JsonValueKind.Null ? null : new string(r.EnumerateArray().Select(u => (char)u.GetInt32()).ToArray()))
            .ToList();
        Assert.Equal(Names.Length, results.Count);
        return (results, document.Clone());
    }

    private static string Show(string? text) =>
        text is null ? "null" : "\"" + string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
}
