using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>Create, verify, delete and fail stores through the whole real stack, on each host.</summary>
public abstract class ProvisioningEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task CreateThenDelete_HappyPath_StoreBecomesReadySellsAndDisappears()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        var accepted = await http.PostJsonAsync("api/stores", new { name = "shop1", plan = "small" });
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
        var credentials = await http.GetFromJsonAsync<JsonElement>("api/stores/shop1/credentials");
        Assert.Equal("http://shop1.localhost/wp-admin/", credentials.GetProperty("adminUrl").GetString());
        Assert.True(credentials.GetProperty("adminPassword").GetString() is { Length: >= 16 });
        using var ingress = new HttpClient { BaseAddress = stack.Cluster.IngressUri };
        using var storefront = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "shop1.localhost" } };
        Assert.Equal(HttpStatusCode.OK, (await ingress.SendAsync(storefront)).StatusCode);

        var deleted = await http.DeleteAsync(new Uri("api/stores/shop1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var operation = await Stack.WaitForOperationAsync(http, "delete-shop1", Settle);

        Assert.Equal("Completed", operation.GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/shop1", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-shop1"));
        if (host == HostKind.Functions)
        {
            // The host's own log: nothing our code logged on this path is a warning or an error.
            Assert.Empty(FunctionsLog.WarningsAndErrorsFromApp(stack.Servers[0].Output));
        }
    }

    [SkippableFact]
    public async Task Create_ImageNeverBecomesReady_FailsWithinDeadlineNamingPodAndReleaseIsRemoved()
    {
        // Long enough for the install and a first readiness report even on a loaded machine, so the
        // reason can name the pod that never got ready.
        await using var stack = await Hosts.StartAsync(host, overrides: new Dictionary<string, string> { ["Urumi__Stores__ProvisioningDeadline"] = "00:00:45" });
        using var client = stack.Client();
        using var fault = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = "store-stuck", Name = "stuck-wordpress*" });

        await client.PostJsonAsync("api/stores", new { name = "stuck" });
        var failed = await Stack.WaitForStoreAsync(client, "stuck", Settle);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var reason = failed.GetProperty("lastError").GetString()!;
        Assert.Contains("stuck-wordpress", reason, StringComparison.Ordinal);
        Assert.Contains("deadline", reason, StringComparison.Ordinal);
        Assert.Contains("uninstalled", reason, StringComparison.Ordinal);
        Assert.Empty(await HelmReleasesAsync(stack, "store-stuck"));
    }

    [SkippableFact]
    public async Task Create_TenConcurrentCreatesOfOneName_OneOrchestrationOthersConflict()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.PostJsonAsync("api/stores", new { name = "same" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var ready = await Stack.WaitForStoreAsync(http, "same", Settle);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Single(stack.Cluster.Store.List(Urumi.ClusterSim.Api.ResourceCatalog.Namespaces), ns => ns["metadata"]!["name"]!.GetValue<string>() == "store-same");
    }

    [SkippableFact]
    public async Task Create_InvalidBody_Returns400AndCreatesNothing()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        var response = await http.PostAsync(new Uri("api/stores", UriKind.Relative), new StringContent("""{"name":"-bad-"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(stack.Cluster.Store.NamespaceExists("store--bad-"));
    }

    [SkippableFact]
    public async Task CreateBatch_FiveStoresWindowOfTwo_AllReadyNeverMoreThanTwoAtOnce()
    {
        await using var stack = await Hosts.StartAsync(host, overrides: new Dictionary<string, string> { ["Urumi__Stores__BatchParallelism"] = "2" });
        using var http = stack.Client();
        var names = Enumerable.Range(1, 5).Select(i => $"batch{i}").ToArray();

        var accepted = await http.PostJsonAsync("api/stores/batch", new { stores = names.Select(name => new { name }) });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var views = await Task.WhenAll(names.Select(name => Stack.WaitForStoreAsync(http, name, TimeSpan.FromMinutes(3))));
        Assert.All(views, v => Assert.Equal("ready", v.GetProperty("status").GetString()));

        // Each store's ProvisionStore runs from its creation to its last update; the batch starts the
        // next one only when a running one has finished, so no instant is inside more than two runs.
        var runs = await Task.WhenAll(names.Select(name => Stack.WaitForOperationAsync(http, "provision-" + name, Settle)));
        var spans = runs.Select(r => (Start: r.GetProperty("createdAt").GetDateTimeOffset(), End: r.GetProperty("lastUpdatedAt").GetDateTimeOffset())).ToList();
        var mostAtOnce = spans.Max(s => spans.Count(o => o.Start <= s.Start && s.Start < o.End));
        Assert.Equal(2, mostAtOnce);
    }

    internal static async Task<List<JsonElement>> HelmReleasesAsync(Stack stack, string ns)
    {
        var (exit, output) = await Helm.RunAsync(stack.Kubeconfig, "list", "-n", ns, "-o", "json");
        Assert.True(exit == 0, output);
        return JsonSerializer.Deserialize<List<JsonElement>>(output)!;
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class ProvisioningOnServerTests() : ProvisioningEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class ProvisioningOnFunctionsTests() : ProvisioningEndToEndTests(HostKind.Functions);
