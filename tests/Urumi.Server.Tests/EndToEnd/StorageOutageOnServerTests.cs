using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// Storage (Azurite) down and back: the API answers 503 problem+json with Retry-After instead of 500s
/// or hangs, health names storage as what is down, and once storage returns the same replica takes
/// the refused request and finishes the store without a restart. The same when storage accepts
/// connections and never answers (bounded by the storage clients' network timeouts, within the test
/// client's own 60 s timeout). Urumi.Server only: the task hub client of the Functions host is the
/// Functions runtime's (docs/reliability.md).
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class StorageOutageOnServerTests
{
    [SkippableFact]
    public async Task Api_StorageDown_Answers503WithRetryAfterAndResumesWhenStorageReturns()
    {
        await using var storage = await AzuriteProcess.StartNewAsync();
        await using var stack = await Stack.StartAsync(HostKind.Server, overrides: new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Urumi__Server__TaskHubCallTimeout"] = "00:00:20",
        });
        using var http = stack.Client();

        await storage.StopAsync();

        foreach (var response in new[]
        {
            await http.GetAsync(new Uri("api/stores", UriKind.Relative)),
            await http.GetAsync(new Uri("api/stores/outage", UriKind.Relative)),
            await http.PostJsonAsync("api/stores", new { name = "outage" }),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        await AssertHealthSaysStorageIsDownAsync(http);

        // Refused means nothing was started: no release exists.
        await AssertNoReleaseAsync(stack, "outage");

        await storage.StartAsync();

        // A client that honours Retry-After gets its store once storage is back, from the same replica.
        await Eventually.TrueAsync(
            async () =>
            {
                using var retry = await http.PostJsonAsync("api/stores", new { name = "outage" });
                if (retry.StatusCode == HttpStatusCode.Accepted)
                {
                    return true;
                }

                // 503 while the task hub reconnects, 429 once the refused attempts used up the create rate.
                Assert.True(retry.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests, $"create answered {retry.StatusCode}");
                await Task.Delay(retry.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                return false;
            },
            "the create accepted once storage is back",
            TimeSpan.FromMinutes(3));
        var ready = await Stack.WaitForStoreAsync(http, "outage", TimeSpan.FromMinutes(5));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.False(stack.Servers[0].HasExited);
    }

    [SkippableFact]
    public async Task Api_StorageHangs_Answers503WithRetryAfterAndHealthSaysStorageIsDown()
    {
        await using var storage = await AzuriteProcess.StartNewAsync();
        await using var relay = StallingRelay.Start(storage.ConnectionString);
        await using var stack = await Stack.StartAsync(HostKind.Server, overrides: new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = relay.ConnectionString,
            ["Urumi__Server__ShutdownGrace"] = "00:00:03",
        });
        using var http = stack.Client();

        relay.Stall();

        foreach (var response in new[]
        {
            await http.PostJsonAsync("api/stores", new { name = "hang" }),
            await http.GetAsync(new Uri("api/stores/hang", UriKind.Relative)),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await AssertHealthSaysStorageIsDownAsync(http);

        // Nothing was started: no release exists.
        await AssertNoReleaseAsync(stack, "hang");
    }

    /// <summary>Health answers 503 and names storage as down while the cluster is up.</summary>
    private static async Task AssertHealthSaysStorageIsDownAsync(HttpClient http)
    {
        using var health = await http.GetAsync(new Uri("api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateArray().ToList();
        Assert.False(checks.Single(c => c.GetProperty("name").GetString() == "storage").GetProperty("healthy").GetBoolean());
        Assert.True(checks.Single(c => c.GetProperty("name").GetString() == "cluster").GetProperty("healthy").GetBoolean());
    }

    private static async Task AssertNoReleaseAsync(Stack stack, string release)
    {
        var (listed, releases) = await Helm.RunAsync(stack.Kubeconfig, "list", "-A", "-o", "json");
        Assert.True(listed == 0, releases);
        Assert.DoesNotContain($"\"{release}\"", releases, StringComparison.Ordinal);
    }
}
