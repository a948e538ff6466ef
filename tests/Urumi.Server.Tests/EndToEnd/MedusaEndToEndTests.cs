using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>MedusaJS stores through the whole real stack (the real charts/urumi-medusa on the simulator), on each host.</summary>
public abstract class MedusaEndToEndTests(HostKind host)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task CreateThenDelete_MedusaStore_ReadyWithVerifiedTestOrderThenNothingLeft()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();

        var accepted = await http.PostJsonAsync("api/stores", new { name = "med1", engine = "medusa" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ready = await Stack.WaitForStoreAsync(http, "med1", Settle);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("medusa", ready.GetProperty("engine").GetString());
        Assert.Equal("http://med1.localhost/app/", ready.GetProperty("adminUrl").GetString());
        var shop = stack.Cluster.Medusa("med1.localhost")!;
        Assert.Single(shop.ArchivedOrders);
        Assert.Empty(shop.OpenOrders);
        var operation = await Stack.WaitForOperationAsync(http, "provision-med1", Settle);
        Assert.Contains("placed, cancelled and archived", operation.GetRawText(), StringComparison.Ordinal);
        var credentials = await http.GetFromJsonAsync<JsonElement>("api/stores/med1/credentials");
        Assert.Equal("http://med1.localhost/app/", credentials.GetProperty("adminUrl").GetString());
        Assert.Equal("admin@store-med1.invalid", credentials.GetProperty("adminEmail").GetString());
        var helmReleases = await ProvisioningEndToEndTests.HelmReleasesAsync(stack, "store-med1");
        Assert.StartsWith("urumi-medusa-", Assert.Single(helmReleases).GetProperty("chart").GetString(), StringComparison.Ordinal);

        var deleted = await http.DeleteAsync(new Uri("api/stores/med1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var deletion = await Stack.WaitForOperationAsync(http, "delete-med1", Settle);

        Assert.Equal("Completed", deletion.GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/med1", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-med1"));
    }

    [SkippableFact]
    public async Task CreateBatch_BothEnginesWindowOfTwo_AllReadyEachWithItsEngineNeverMoreThanTwoAtOnce()
    {
        await using var stack = await Hosts.StartAsync(host, overrides: new Dictionary<string, string> { ["Urumi__Stores__BatchParallelism"] = "2" });
        using var http = stack.Client();
        var stores = new[] { ("mix-woo1", "woocommerce"), ("mix-med1", "medusa"), ("mix-woo2", "woocommerce"), ("mix-med2", "medusa") };

        var accepted = await http.PostJsonAsync("api/stores/batch", new { stores = stores.Select(s => new { name = s.Item1, engine = s.Item2 }) });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var views = await Task.WhenAll(stores.Select(s => Stack.WaitForStoreAsync(http, s.Item1, TimeSpan.FromMinutes(3))));

        Assert.All(views, v => Assert.Equal("ready", v.GetProperty("status").GetString()));
        Assert.Equal(stores.Select(s => s.Item2), views.Select(v => v.GetProperty("engine").GetString()));
        Assert.Single(stack.Cluster.Medusa("mix-med1.localhost")!.ArchivedOrders);
        Assert.Single(stack.Cluster.Shop("mix-woo1.localhost")!.DeletedOrders);
        var runs = await Task.WhenAll(stores.Select(s => Stack.WaitForOperationAsync(http, "provision-" + s.Item1, Settle)));
        var spans = runs.Select(r => (Start: r.GetProperty("createdAt").GetDateTimeOffset(), End: r.GetProperty("lastUpdatedAt").GetDateTimeOffset())).ToList();
        Assert.Equal(2, spans.Max(s => spans.Count(o => o.Start <= s.Start && s.Start < o.End)));
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class MedusaOnServerTests() : MedusaEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class MedusaOnFunctionsTests() : MedusaEndToEndTests(HostKind.Functions);
