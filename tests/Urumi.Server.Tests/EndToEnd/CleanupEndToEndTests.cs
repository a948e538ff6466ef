using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// The cleanup on the real stack of each host: started through <c>POST /api/cleanup</c> as a tick
/// would, and by the host's own schedule (the Functions timer trigger, Urumi.Server's hosted schedule).
/// </summary>
public abstract class CleanupEndToEndTests(HostKind host) : IAsyncLifetime
{
    private Stack stack = null!;
    private HttpClient http = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        http?.Dispose();
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Cleanup_FailedStorePastRetention_IsDeletedAndAudited()
    {
        await StartAsync();
        using var broken = await CreateFailedStoreAsync("old");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await RunCleanupAsync();

        Assert.Contains(Items(result), i => i.GetProperty("kind").GetString() == "FailedPastRetention" && i.GetProperty("target").GetString() == "old" && i.GetProperty("outcome").GetString() == "Done");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/stores/old", UriKind.Relative))).StatusCode);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-old"));
        var events = await http.GetFromJsonAsync<JsonElement>("api/stores/old/events");
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("operationId").GetString()!.StartsWith("cleanup", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Cleanup_ReleaseLeftPendingInstallByAKilledHelm_IsUninstalled()
    {
        await StartAsync();
        await http.PostJsonAsync("api/stores", new { name = "pend" });
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

    [SkippableFact]
    public async Task Cleanup_NamespaceHeldByFinalizer_IsReportedAndLeftAlone()
    {
        await StartAsync();
        await http.PostJsonAsync("api/stores", new { name = "held" });
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

    [SkippableFact]
    public async Task CleanupDryRun_FailedStorePastRetention_IsPlannedAndLeftInPlace()
    {
        await StartAsync();
        using var broken = await CreateFailedStoreAsync("dry");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await RunCleanupAsync(dryRun: true);

        Assert.Contains(Items(result), i => i.GetProperty("kind").GetString() == "FailedPastRetention" && i.GetProperty("target").GetString() == "dry" && i.GetProperty("outcome").GetString() == "Planned");
        Assert.Equal("failed", (await http.GetFromJsonAsync<JsonElement>("api/stores/dry")).GetProperty("status").GetString());
        Assert.True(stack.Cluster.Store.NamespaceExists("store-dry"));
    }

    [SkippableFact]
    public async Task ScheduledTick_FailedStorePastRetention_IsDeletedWithoutAnyRequest()
    {
        await StartAsync(new Dictionary<string, string> { ["Urumi__Cleanup__Enabled"] = "true", ["Urumi__Cleanup__Schedule"] = "*/2 * * * * *" });
        using var broken = await CreateFailedStoreAsync("late");

        await WaitForGoneAsync("late", TimeSpan.FromSeconds(90));

        Assert.False(stack.Cluster.Store.NamespaceExists("store-late"));
        var events = await http.GetFromJsonAsync<JsonElement>("api/stores/late/events");
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("actor").GetString() == "schedule");
        if (host == HostKind.Functions)
        {
            Assert.Contains("Executed 'Functions.CleanupTimer' (Succeeded", stack.Servers[0].Output, StringComparison.Ordinal);
        }
    }

    private async Task StartAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Urumi__Cleanup__Enabled"] = "false",
            ["Urumi__Cleanup__FailedRetention"] = "00:00:02",
            ["Urumi__Cleanup__StuckReleaseGracePeriod"] = "00:00:01",
            ["Urumi__Cleanup__TerminatingGracePeriod"] = "00:00:01",
            ["Urumi__Cleanup__OrphanGracePeriod"] = "01:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        stack = await Hosts.StartAsync(host, overrides: settings);
        http = stack.Client();
    }

    /// <summary>A store whose image cannot be pulled, once it is Failed; disposing the result lifts the fault.</summary>
    private async Task<IDisposable> CreateFailedStoreAsync(string name)
    {
        var broken = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Namespace = "store-" + name, Name = name + "-wordpress*" });
        await http.PostJsonAsync("api/stores", new { name });
        Assert.Equal("failed", (await Stack.WaitForStoreAsync(http, name, TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        return broken;
    }

    private async Task WaitForGoneAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative))).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, $"store {name} was not removed by a scheduled cleanup within {timeout}");
            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> RunCleanupAsync(bool dryRun = false)
    {
        var started = await http.PostAsync(new Uri(dryRun ? "api/cleanup?dryRun=true" : "api/cleanup", UriKind.Relative), null);
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

[Collection(EndToEndGroup.Name)]
public sealed class CleanupOnServerTests() : CleanupEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class CleanupOnFunctionsTests() : CleanupEndToEndTests(HostKind.Functions);
