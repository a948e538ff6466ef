using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Urumi.Dashboard.Tests;

/// <summary>
/// The dashboard in real Chromium (/usr/bin/chromium, driven by playwright-core from .tools/) against
/// Urumi.Server on the cluster simulator. Each test runs one scenario of browser/dashboard.mjs;
/// screenshots go to TestResults/dashboard/.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture stack, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    [Fact]
    public Task HappyPath_CreateUntilReadyRevealCredentialsThenDelete_StoreAppearsSellsAndIsGone() => RunScenarioAsync("happyPath");

    [Fact]
    public Task ShopOrder_VisitTheReadyStore_OrderPlacedWithCashOnDeliveryIsListedInTheAdminThenStoreDeleted() => RunScenarioAsync("shopOrder");

    [Fact]
    public Task PodProgress_PodsSlowToStart_RowShowsStepPercentAndEachPod() => RunScenarioAsync("podProgress");

    [Fact]
    public Task FailedStore_ImageCannotBePulled_ShowsFailedWithTheReason() => RunScenarioAsync("failedStore");

    [Fact]
    public Task Revisions_ReadyStoreDetailsOpened_ListsRevisionOneThenConfirmsUpgradeAndRollbackNamingStoreAndTarget() => RunScenarioAsync("revisions");

    /// <summary>Needs the upgrade and rollback API (PATCH /api/stores/{name}, POST /api/stores/{name}/rollback); skipped on a server without it.</summary>
    [SkippableFact]
    public async Task UpgradeRollback_UpgradeToMediumThenRollBack_PanelFollowsToRevisionTwoThenThree()
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        using var probe = new HttpRequestMessage(HttpMethod.Patch, new Uri("/api/stores/no-such-store", UriKind.Relative)) { Content = JsonContent.Create(new { plan = "medium" }) };
        var answer = await http.SendAsync(probe);
        Skip.If(answer.StatusCode == HttpStatusCode.MethodNotAllowed, "PATCH /api/stores/{name} is not served by this build.");

        await RunScenarioAsync("upgradeRollback");
    }

    [Fact]
    public Task Overview_StoreCreatedUntilReady_PlotsItsCreateAndCountsTheReadyStoresOfTheList() => RunScenarioAsync("overview");

    [Fact]
    public Task InvalidName_TypedWithKeyboard_ShowsTheApiRuleWithoutSendingARequest() => RunScenarioAsync("invalidName");

    [Fact]
    public Task ApiDown_RequestsFailOr503_PageSaysSoStaysUsableHonoursRetryAfterAndRecovers() => RunScenarioAsync("apiDown");

    [Fact]
    public async Task Root_ServerHost_ServesTheDashboardBesideTheApi()
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };

        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        var script = await http.GetAsync(new Uri("/app.js", UriKind.Relative));
        var traversal = await http.GetAsync(new Uri("/..%2Fhost.json", UriKind.Relative));
        var health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
        var revalidated = new HttpRequestMessage(HttpMethod.Get, new Uri("/app.js", UriKind.Relative));
        revalidated.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        var notModified = await http.SendAsync(revalidated);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True(script.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [SkippableFact]
    public async Task FunctionsHost_FunctionKeyInTheKeyBox_CreateReadyCredentialsDelete()
    {
        await using var functions = await Hosts.StartAsync(HostKind.Functions);

        await RunScenarioAsync("functionsHost", functions.Servers[0].BaseAddress, FunctionsHost.FunctionKey, functions.Servers[0].Output);
    }

    private Task RunScenarioAsync(string scenario) => RunScenarioAsync(scenario, stack.BaseAddress, null, stack.ServerOutput);

    private async Task RunScenarioAsync(string scenario, Uri baseAddress, string? apiKey, string serverOutput)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: run build/bootstrap.sh (it installs Debian's chromium).");
        Assert.True(Directory.Exists(Repository.PlaywrightCore), "playwright-core is missing from .tools/: run build/bootstrap.sh.");
        var (exit, stdout, stderr) = await Node.RunAsync(
            Repository.BrowserScript("dashboard.mjs"),
            [scenario],
            new Dictionary<string, string>
            {
                ["URUMI_BASE_URL"] = baseAddress.ToString(),
                ["URUMI_PUBLIC_URL"] = stack.PublicUrl,
                ["URUMI_OUT_DIR"] = Repository.OutputFolder,
                ["URUMI_PLAYWRIGHT"] = Repository.PlaywrightCore,
                ["URUMI_API_KEY"] = apiKey ?? "",
            },
            timeout: TimeSpan.FromMinutes(5));
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exit == 0, $"scenario {scenario} failed (exit {exit}):\n{stdout}\n{stderr}\n--- server ---\n{Tail(serverOutput)}");
        Assert.Contains($"passed: {scenario}", stdout, StringComparison.Ordinal);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
