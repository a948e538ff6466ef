using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.Domain.Stores;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// The cleanup on the real stack of each host: started through <c>POST /api/cleanup</c> as a tick
/// would, and by the host's own schedule (the Functions timer trigger, Urumi.Server's hosted schedule).
/// </summary>
public abstract class CleanupEndToEndTests(HostKind host) : IAsyncLifetime
{
    private static readonly TimeSpan FailedRetention = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StuckReleaseGracePeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TerminatingGracePeriod = TimeSpan.FromSeconds(1);

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
        await WaitFailedPastRetentionAsync("old");

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
        await Eventually.TrueAsync(async () => DateTimeOffset.UtcNow - await LastDeployedAsync("pend", "store-pend") > StuckReleaseGracePeriod, "the pending release older than the stuck-release grace period");

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
        await Eventually.TrueAsync(() => Finalizers("store-held").Contains("sim.urumi.io/blocked"), "the blocking finalizer on store-held");
        stack.Cluster.Store.Delete(ResourceCatalog.Namespaces, null, "store-held");
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow - NamespaceTime("store-held", "deletionTimestamp") > TerminatingGracePeriod, "store-held Terminating for longer than the grace period");

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
        await WaitFailedPastRetentionAsync("dry");

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

        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("api/stores/late", UriKind.Relative))).StatusCode == HttpStatusCode.NotFound, "store late removed by a scheduled cleanup", TimeSpan.FromSeconds(90));

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
            ["Urumi__Cleanup__FailedRetention"] = FailedRetention.ToString("c", CultureInfo.InvariantCulture),
            ["Urumi__Cleanup__StuckReleaseGracePeriod"] = StuckReleaseGracePeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Urumi__Cleanup__TerminatingGracePeriod"] = TerminatingGracePeriod.ToString("c", CultureInfo.InvariantCulture),
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

    private async Task<JsonElement> RunCleanupAsync(bool dryRun = false)
    {
        var started = await http.PostAsync(new Uri(dryRun ? "api/cleanup?dryRun=true" : "api/cleanup", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var operation = await Stack.WaitForOperationAsync(http, "cleanup", TimeSpan.FromSeconds(90));
        Assert.True(operation.GetProperty("runtimeStatus").GetString() == "Completed", operation.ToString());
        return operation.GetProperty("output");
    }

    /// <summary>Waits until the store has been Failed longer than the retention, by the time the product marked on its namespace.</summary>
    private Task WaitFailedPastRetentionAsync(string name) =>
        Eventually.TrueAsync(() => DateTimeOffset.UtcNow - NamespaceTime("store-" + name, "annotations", StoreNaming.AnnotationPhaseSince) > FailedRetention, $"store {name} Failed for longer than the retention");

    /// <summary>A timestamp in the namespace's metadata (e.g. its deletionTimestamp), or now when it is not there yet.</summary>
    private DateTimeOffset NamespaceTime(string ns, params string[] path)
    {
        JsonNode? node = stack.Cluster.Store.TryGet(ResourceCatalog.Namespaces, null, ns)?["metadata"];
        foreach (var step in path)
        {
            node = node?[step];
        }

        return node is null ? DateTimeOffset.UtcNow : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    /// <summary>When helm last changed the release (what the cleanup measures a stuck release's age from).</summary>
    private async Task<DateTimeOffset> LastDeployedAsync(string release, string ns)
    {
        var (exit, output) = await Helm.RunAsync(stack.Kubeconfig, "status", release, "-n", ns, "-o", "json");
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(output).RootElement.GetProperty("info").GetProperty("last_deployed").GetDateTimeOffset();
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
        using var helm = new HelmSession(stack.Kubeconfig);
        using var kill = new CancellationTokenSource();
        var install = helm.RunAsync(["install", "pend", chart, "-n", "store-pend", "-f", Path.Combine(chart, "values-local.yaml"), "-f", valuesFile, "--wait", "--timeout", "2m"], kill.Token);
        await Helm.WaitForStatusAsync(stack.Kubeconfig, "pend", "store-pend", "pending-install");
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => install);
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class CleanupOnServerTests() : CleanupEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class CleanupOnFunctionsTests() : CleanupEndToEndTests(HostKind.Functions);
