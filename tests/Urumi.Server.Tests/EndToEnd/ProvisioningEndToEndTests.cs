using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>Create, verify, delete and fail stores through the whole real stack.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ProvisioningEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private Stack stack = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        stack = await Stack.StartAsync();
        http = stack.Client();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await stack.DisposeAsync();
    }

    [Fact]
    public async Task CreateThenDelete_HappyPath_StoreBecomesReadySellsAndDisappears()
    {
        var accepted = await http.PostAsJsonAsync("api/stores", new { name = "shop1", plan = "small" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/api/operations/provision-shop1", accepted.Headers.Location?.ToString());
        Assert.NotNull(accepted.Headers.RetryAfter);

        var progress = await Stack.WaitForStoreAsync(http, "shop1", Settle, view => view.TryGetProperty("progress", out var p) && p.GetProperty("percent").GetInt32() > 0);
        var ready = await Stack.WaitForStoreAsync(http, "shop1", Settle);

        Assert.True(progress.GetProperty("progress").GetProperty("step").GetString() is { Length: > 0 });
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("http://shop1.localhost/", ready.GetProperty("url").GetString());
        var shop = stack.Cluster.Shop("shop1.localhost")!;
        Assert.Single(shop.DeletedOrders);
        Assert.Empty(shop.OpenOrders);

        var deleted = await http.DeleteAsync(new Uri("api/stores/shop1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var operation = await Stack.WaitForOperationAsync(http, "delete-shop1", Settle);

        Assert.Equal("Completed", operation.GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/shop1", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-shop1"));
    }

    [Fact]
    public async Task Create_ImageNeverBecomesReady_FailsWithinDeadlineNamingPodAndReleaseIsRemoved()
    {
        await using var restarted = await Stack.StartAsync(overrides: new Dictionary<string, string> { ["Urumi__Stores__ProvisioningDeadline"] = "00:00:15" });
        using var client = restarted.Client();
        using var fault = restarted.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = "store-stuck", Name = "stuck-wordpress*" });
        var started = DateTime.UtcNow;

        await client.PostAsJsonAsync("api/stores", new { name = "stuck" });
        var failed = await Stack.WaitForStoreAsync(client, "stuck", Settle);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var reason = failed.GetProperty("lastError").GetString()!;
        Assert.Contains("stuck-wordpress", reason, StringComparison.Ordinal);
        Assert.Contains("deadline", reason, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), $"failed after {DateTime.UtcNow - started}");
        Assert.Contains("uninstalled", reason, StringComparison.Ordinal);
        Assert.Empty(await HelmReleasesAsync(restarted, "store-stuck"));
    }

    [Fact]
    public async Task Create_TenConcurrentCreatesOfOneName_OneOrchestrationOthersConflict()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.PostAsJsonAsync("api/stores", new { name = "same" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var ready = await Stack.WaitForStoreAsync(http, "same", Settle);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Single(stack.Cluster.Store.List(Urumi.ClusterSim.Api.ResourceCatalog.Namespaces), ns => ns["metadata"]!["name"]!.GetValue<string>() == "store-same");
    }

    [Fact]
    public async Task Create_InvalidBody_Returns400AndCreatesNothing()
    {
        var response = await http.PostAsync(new Uri("api/stores", UriKind.Relative), new StringContent("""{"name":"-bad-"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(stack.Cluster.Store.NamespaceExists("store--bad-"));
    }

    internal static async Task<List<JsonElement>> HelmReleasesAsync(Stack stack, string ns)
    {
        var (exit, output) = await Helm.RunAsync(stack.Kubeconfig, "list", "-n", ns, "-o", "json");
        Assert.True(exit == 0, output);
        return JsonSerializer.Deserialize<List<JsonElement>>(output)!;
    }
}
