using System.Net;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// The Prometheus scrape endpoint of Urumi.Server after a real create (the Functions app exports through its
/// worker's OpenTelemetry integration and OTLP instead, so this class runs on the server only).
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class MetricsOnServerTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Metrics_AfterACreate_ScrapeHasTheCountersAndHistogramBuckets()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Server);
        using var http = stack.Client();
        var accepted = await http.PostJsonAsync("api/stores", new { name = "metered", plan = "small" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ready = await Stack.WaitForStoreAsync(http, "metered", Settle);
        Assert.Equal("ready", ready.GetProperty("status").GetString());

        // Anonymous, like a platform team's in-cluster scraper.
        using var scraper = stack.Client(withKey: false);
        var response = await scraper.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("urumi_operations_started_total{", text, StringComparison.Ordinal);
        Assert.Contains("kind=\"ProvisionStore\"", text, StringComparison.Ordinal);
        Assert.Contains("urumi_operations_succeeded_total{", text, StringComparison.Ordinal);
        Assert.Contains("urumi_operation_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("step=\"waiting-for-pods\"", text, StringComparison.Ordinal);
        Assert.Contains("urumi_helm_command_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("urumi_kubernetes_requests_total{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metered", text, StringComparison.Ordinal);
    }
}
