using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>The scheduled cleanup on the real stack, started through <c>POST /api/cleanup</c> as a tick would.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class CleanupEndToEndTests : IAsyncLifetime
{
    private Stack stack = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        stack = await Stack.StartAsync(overrides: new Dictionary<string, string>
        {
            ["Urumi__Cleanup__Enabled"] = "false",
            ["Urumi__Cleanup__FailedRetention"] = "00:00:02",
            ["Urumi__Cleanup__StuckReleaseGracePeriod"] = "00:00:01",
            ["Urumi__Cleanup__TerminatingGracePeriod"] = "00:00:01",
            ["Urumi__Cleanup__OrphanGracePeriod"] = "01:00:00",
        });
        http = stack.Client();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await stack.DisposeAsync();
    }

    [Fact]
    public async Task Cleanup_FailedStorePastRetention_IsDeletedAndAudited()
    {
        using var broken = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Namespace = "store-old", Name = "old-wordpress*" });
        await http.PostAsJsonAsync("api/stores", new { name = "old" });
        Assert.Equal("failed", (await Stack.WaitForStoreAsync(http, "old", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await RunCleanupAsync();

        Assert.Contains(Items(result), i => i.GetProperty("kind").GetString() == "FailedPastRetention" && i.GetProperty("target").GetString() == "old" && i.GetProperty("outcome").GetString() == "Done");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/old", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-old"));
        var events = await http.GetFromJsonAsync<JsonElement>("api/stores/old/events");
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("operationId").GetString()!.StartsWith("cleanup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cleanup_ReleaseLeftPendingInstallByAKilledHelm_IsUninstalled()
    {
        await http.PostAsJsonAsync("api/stores", new { name = "pend" });
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "pend", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        var (_, values) = await Helm.RunAsync(stack.Kubeconfig, "get", "values", "pend", "-n", "store-pend", "-o", "yaml");
        await Helm.RunAsync(stack.Kubeconfig, "uninstall", "pend", "-n", "store-pend", "--wait");
        using var stall = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = "store-pend" });
        await KillHelmDuringInstallAsync(values);
        Assert.Contains("pending-install", (await Helm.RunAsync(stack.Kubeconfig, "status", "pend", "-n", "store-pend")).Output, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var result = await RunCleanupAsync();

        Assert.Contains(Items(result), i => i.GetProperty("kind").GetString() == "StuckRelease" && i.GetProperty("outcome").GetString() == "Done");
        Assert.Empty(await ProvisioningEndToEndTests.HelmReleasesAsync(stack, "store-pend"));
    }

    [Fact]
    public async Task Cleanup_NamespaceHeldByFinalizer_IsReportedAndLeftAlone()
    {
        await http.PostAsJsonAsync("api/stores", new { name = "held" });
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "held", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        using var block = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.BlockNamespaceDeletion, Namespace = "store-held" });
        await WaitUntilAsync(() => Finalizers("store-held").Contains("sim.urumi.io/blocked"));
        stack.Cluster.Store.Delete(ResourceCatalog.Namespaces, null, "store-held");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var result = await RunCleanupAsync();

        var report = Assert.Single(Items(result), i => i.GetProperty("kind").GetString() == "TerminatingNamespace");
        Assert.Equal("Reported", report.GetProperty("outcome").GetString());
        Assert.Contains("sim.urumi.io/blocked", report.GetProperty("detail").GetString() + report.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("sim.urumi.io/blocked", Finalizers("store-held"));
        Assert.True(stack.Cluster.Store.NamespaceExists("store-held"));
    }

    private async Task<JsonElement> RunCleanupAsync()
    {
        var started = await http.PostAsync(new Uri("api/cleanup", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var operation = await Stack.WaitForOperationAsync(http, "cleanup", TimeSpan.FromSeconds(90));
        Assert.True(operation.GetProperty("runtimeStatus").GetString() == "Completed", operation.ToString());
        return operation.GetProperty("output");
    }

    private static IEnumerable<JsonElement> Items(JsonElement result) => result.GetProperty("items").EnumerateArray();

    private List<string> Finalizers(string ns) =>
        (stack.Cluster.Store.TryGet(ResourceCatalog.Namespaces, null, ns)?["metadata"]?["finalizers"]?.AsArray() ?? [])
            .Select(f => f!.GetValue<string>()).ToList();

    /// <summary>Runs a real `helm install --wait` that cannot finish, and SIGKILLs it once the release is pending-install.</summary>
    private async Task KillHelmDuringInstallAsync(string values)
    {
        var valuesFile = Path.Combine(Path.GetDirectoryName(stack.Kubeconfig)!, "pend-values.yaml");
        await File.WriteAllTextAsync(valuesFile, values);
        var chart = Path.Combine(AppContext.BaseDirectory, "charts", "urumi-store");
        var info = new ProcessStartInfo(Urumi.Testing.Repository.Helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "install", "pend", chart, "-n", "store-pend", "-f", Path.Combine(chart, "values-local.yaml"), "-f", valuesFile, "--wait", "--timeout", "2m", "--kubeconfig", stack.Kubeconfig })
        {
            info.ArgumentList.Add(argument);
        }

        using var helm = Process.Start(info)!;
        await WaitUntilAsync(() => Helm.RunAsync(stack.Kubeconfig, "status", "pend", "-n", "store-pend").Result.Output.Contains("pending-install", StringComparison.Ordinal));
        helm.Kill(entireProcessTree: true);
        await helm.WaitForExitAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "condition not reached within 30 s");
            await Task.Delay(100);
        }
    }
}
