using System.Net;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// The owner quota under a burst of creates, on each host: the stores are counted from the watch-fed store
/// cache plus the creates admitted that it does not show yet, so a burst cannot slip past the quota.
/// </summary>
public abstract class QuotaEndToEndTests(HostKind host)
{
    private const int Quota = 2;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task Create_BurstPastTheOwnerQuota_AdmitsExactlyTheQuotaAndRefusesTheRest()
    {
        await using var stack = await Hosts.StartAsync(host, overrides: new Dictionary<string, string>
        {
            ["Urumi__Stores__MaxStoresPerOwner"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = stack.Client();

        var burst = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => http.PostJsonAsync("api/stores", new { name = $"quota{i}", plan = "small" })));

        var admitted = burst.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.Equal(Quota, admitted.Count);
        foreach (var refused in burst.Except(admitted))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        foreach (var response in admitted)
        {
            var name = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!;
            Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, name, Settle)).GetProperty("status").GetString());
        }

        // Ready, hence shown by the cache: still exactly the quota, counted once.
        var next = await http.PostJsonAsync("api/stores", new { name = "quota9", plan = "small" });
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Contains($"has {Quota} stores", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AfterReadyAsync(stack);
    }

    /// <summary>What a host can show beyond the API once the admitted stores are ready.</summary>
    protected virtual Task AfterReadyAsync(Stack stack) => Task.CompletedTask;
}

/// <summary>On Urumi.Server the stores gauge is on its Prometheus endpoint, fed by the same cache.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class QuotaOnServerTests() : QuotaEndToEndTests(HostKind.Server)
{
    protected override async Task AfterReadyAsync(Stack stack)
    {
        using var scraper = stack.Client(withKey: false);
        var line = await Eventually.ValueAsync(
            async () => (await scraper.GetStringAsync(new Uri("metrics", UriKind.Relative))).Split('\n')
                .FirstOrDefault(l => l.StartsWith("urumi_stores{", StringComparison.Ordinal) && l.Contains("phase=\"ready\"", StringComparison.Ordinal) && l.Contains("engine=\"woocommerce\"", StringComparison.Ordinal)),
            l => l is not null && l.EndsWith(" 2", StringComparison.Ordinal),
            "the stores gauge counting two ready woocommerce stores");
        Assert.NotNull(line);
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class QuotaOnFunctionsTests() : QuotaEndToEndTests(HostKind.Functions);
