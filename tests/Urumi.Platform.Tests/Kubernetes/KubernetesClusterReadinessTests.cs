using System.Diagnostics;
using System.Text.Json.Nodes;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;
using Urumi.Domain.Ports;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>
/// WaitForReadyAsync against the simulator: its controllers create the ReplicaSets and pods, its
/// kubelet moves them to Ready (or into the state a fault switch asks for), and the adapter follows
/// through real lists and watches.
/// </summary>
public sealed class KubernetesClusterReadinessTests : KubernetesTestBase
{
    private const string Deploy = "shop1-wordpress";
    private static readonly string[] WatchedKinds = ["/pods", "/deployments", "/statefulsets", "/jobs"];

    private void CreateStore()
    {
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));
        Sim.Store.Create(Workloads.StatefulSet(Ns, "shop1-mariadb"));
        Sim.Store.Create(Workloads.Job(Ns, "shop1-wc-setup"));
    }

    /// <summary>A namespace whose WordPress Deployment becomes Ready only after <paramref name="readyAfter"/>.</summary>
    private FaultHandle CreateSlowStore(TimeSpan readyAfter)
    {
        var slow = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = Ns, Delay = readyAfter });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));
        return slow;
    }

    private bool StoreIsReady() =>
        Sim.Store.TryGet(ResourceCatalog.Deployments, Ns, Deploy).Num("status", "readyReplicas") == 1
        && Sim.Store.TryGet(ResourceCatalog.StatefulSets, Ns, "shop1-mariadb").Num("status", "readyReplicas") == 1
        && Json.HasCondition(Sim.Store.TryGet(ResourceCatalog.Jobs, Ns, "shop1-wc-setup"), "Complete");

    [Fact]
    public async Task WaitForReadyAsync_AllReady_ReturnsReadyFromTheListsWithoutWatching()
    {
        var cluster = CreateCluster();
        CreateStore();
        await Eventually.TrueAsync(StoreIsReady, "the store ready in the simulator");

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(report.Ready);
        Assert.Null(report.FatalReason);
        Assert.Empty(report.Waiting);
        Assert.DoesNotContain(Requests.All, r => r.IsWatch);
    }

    [Fact]
    public async Task WaitForReadyAsync_StoreStarting_BecomesReadyThroughWatches()
    {
        var cluster = CreateCluster();
        CreateStore();

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(report.Ready);
        Assert.True(StoreIsReady());
        Assert.Equal(1, Requests.Count("GET", "/pods", watch: false));
        Assert.Equal(1, Requests.Count("GET", "/pods", watch: true));
    }

    [Fact]
    public async Task WaitForReadyAsync_PodsReadyAfterDelay_WaitsForThem()
    {
        var cluster = CreateCluster();
        using var slow = CreateSlowStore(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(report.Ready);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"reported Ready after {clock.Elapsed}, before the pods were");
    }

    [Fact]
    public async Task WaitForReadyAsync_ImagePullBackOff_FatalNamesPodAndImage()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Image = "*:nope" });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy, image: "wordpress:nope"));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.False(report.Ready);
        var pod = Assert.Single(report.Pods, p => p.Problem == PodProblem.ImagePullBackOff);
        Assert.StartsWith($"{Deploy}-", pod.Name, StringComparison.Ordinal);
        Assert.StartsWith($"pod {pod.Name} cannot pull image wordpress:nope (ImagePullBackOff): Back-off pulling image", report.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_CrashLoopUnderThreshold_NotFatal()
    {
        var cluster = CreateCluster(o => o.CrashLoopFatalRestarts = 3);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.CrashLoopBackOff, Namespace = Ns, Interval = TimeSpan.FromSeconds(30) });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));
        // The pod's first restart, however long it takes to come; the next one is 30 s away.
        await WaitForPodAsync(pod => pod["status"]?["containerStatuses"]?.AsArray().Any(c => c?["restartCount"]?.GetValue<int>() >= 1) == true, "a pod restarted once");

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(800), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Null(report.FatalReason);
        var pod = Assert.Single(report.Pods);
        Assert.Equal(PodProblem.CrashLoopBackOff, pod.Problem);
        Assert.Equal(1, pod.Restarts);
    }

    [Fact]
    public async Task WaitForReadyAsync_CrashLoopReachesThreshold_FatalWithRestartCount()
    {
        var cluster = CreateCluster(o => o.CrashLoopFatalRestarts = 3);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.CrashLoopBackOff, Namespace = Ns, Interval = TimeSpan.FromMilliseconds(200) });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        var pod = Assert.Single(report.Pods);
        Assert.True(pod.Restarts >= 3, $"fatal after {pod.Restarts} restarts");
        Assert.StartsWith($"pod {pod.Name} keeps crashing (CrashLoopBackOff, container wordpress restarted {pod.Restarts} times; last exit code 1 (Error))", report.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_PodSecurityRejectsDeploymentPods_FatalWithEventMessage()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.PodSecurityRejection, Namespace = Ns });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.StartsWith($"deployment {Deploy} cannot create pods (FailedCreate on replicaset {Deploy}-", report.FatalReason, StringComparison.Ordinal);
        Assert.Contains("is forbidden: violates PodSecurity \"restricted:latest\"", report.FatalReason, StringComparison.Ordinal);
        Assert.Equal(PodProblem.FailedCreate, Assert.Single(report.Pods).Problem);
        Assert.Empty(Sim.Store.List(ResourceCatalog.Pods, Ns));
    }

    [Fact]
    public async Task WaitForReadyAsync_StatefulSetRejectedWhileWaiting_Fatal()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.PodSecurityRejection, Namespace = Ns });
        Sim.CreateNamespace(Ns);

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitForWatchesAsync();
        Sim.Store.Create(Workloads.StatefulSet(Ns, "shop1-mariadb"));
        var report = await waiting;

        Assert.StartsWith("statefulset shop1-mariadb cannot create pods (FailedCreate): ", report.FatalReason, StringComparison.Ordinal);
        Assert.Contains("violates PodSecurity", report.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_NeverReadyAtMaxWait_ReturnsReportNamingPodAndCondition()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = Ns });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));
        await WaitForPodAsync(pod => pod["status"]?["conditions"]?.AsArray().Any(c => c?["reason"]?.GetValue<string>() == "ContainersNotReady") == true, "a pod whose containers are not ready");

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(800), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Null(report.FatalReason);
        var pod = Assert.Single(report.Pods);
        Assert.Equal(PodProblem.NotReady, pod.Problem);
        Assert.Contains("ContainersNotReady", pod.Message, StringComparison.Ordinal);
        Assert.Contains($"deployment {Deploy}: 0/1 ready", report.Waiting);
        Assert.Contains(pod.Name, report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchFromCompactedVersionGets410_RelistsAndCompletes()
    {
        var cluster = CreateCluster();
        using var slow = CreateSlowStore(TimeSpan.FromSeconds(1.2));

        // The first watches are held at the server, so history can be compacted past their resourceVersion.
        using var held = Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "watch", Delay = TimeSpan.FromMilliseconds(400), Count = WatchedKinds.Length });
        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitForWatchesAsync();
        Sim.CreateNamespace("store-other");
        Sim.Store.CompactHistory();
        var report = await waiting;

        Assert.True(report.Ready);
        Assert.All(WatchedKinds, kind => Assert.True(Requests.Count("GET", kind, watch: false) >= 2, $"{kind} not listed again"));
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchDropped_RelistsAndSeesChange()
    {
        var cluster = CreateCluster();
        using var slow = CreateSlowStore(TimeSpan.FromSeconds(1.2));
        using var drop = Sim.Faults.Add(new FaultRule { Kind = FaultKind.WatchDrop, Resource = "pods", Interval = TimeSpan.FromMilliseconds(300), Count = 1 });

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(report.Ready);
        Assert.Equal(2, Requests.Count("GET", "/pods", watch: false));
        Assert.Equal(2, Requests.Count("GET", "/pods", watch: true));
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchTimesOut_RelistsAndKeepsWatching()
    {
        var cluster = CreateCluster(o => o.WatchTimeout = TimeSpan.FromSeconds(1));
        // Not ready until a second pods watch proves the first one timed out and was renewed; a clock
        // cannot promise that on a loaded machine, so the store stays slow until that request is seen,
        // and the wait is far longer than any machine needs (it is not what this test measures).
        var slow = CreateSlowStore(TimeSpan.FromMinutes(10));

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromMinutes(10), CancellationToken.None);
        await Eventually.TrueAsync(() => Requests.Count("GET", "/pods", watch: true) >= 2, "a second pods watch");
        slow.Dispose();
        var report = await waiting;

        var requests = string.Join("\n", Requests.All.Select(r => $"{r.Method} {r.Path}?{r.Query}"));
        Assert.True(report.Ready, requests);
        Assert.True(Requests.Count("GET", "/pods", watch: false) >= 2, "the pods were not re-listed after the watch ended:\n" + requests);
        Assert.Contains(Logs.Entries, e => e.Message.StartsWith($"Watch of pods in {Ns} ended", StringComparison.Ordinal));
        Assert.All(Requests.All.Where(r => r.IsWatch), r => Assert.Contains("timeoutSeconds=1", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForReadyAsync_QuietWatchTimesOut_TreatedAsNormalEndNotFailure()
    {
        var cluster = CreateCluster(o => o.WatchTimeout = TimeSpan.FromSeconds(1));
        // Not ready until a pods watch has ended without events; a clock cannot promise that on a loaded machine.
        var slow = CreateSlowStore(TimeSpan.FromMinutes(10));
        var quietEnd = $"Watch of pods in {Ns} ended (stream closed without events); re-listing";

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(60), CancellationToken.None);
        await Eventually.TrueAsync(() => Logs.Entries.Any(e => e.Message == quietEnd), "a pods watch ending without events");
        slow.Dispose();
        var report = await waiting;

        Assert.True(report.Ready);
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task WaitForReadyAsync_JobFailed_FatalNamesJob()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure, Namespace = Ns });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Job(Ns, "shop1-wc-setup", backoffLimit: 1));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("job shop1-wc-setup failed (BackoffLimitExceeded): Job has reached the specified backoff limit", report.FatalReason);
        Assert.Contains(report.Pods, p => p.Problem == PodProblem.JobFailed);
    }

    [Fact]
    public async Task WaitForReadyAsync_EmptyNamespace_NotReady()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Equal("Waiting for workloads to appear.", report.Summary());
    }

    [Fact]
    public async Task WaitForReadyAsync_CallerCancels_Throws()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Namespace = Ns });
        Sim.CreateNamespace(Ns);
        Sim.Store.Create(Workloads.Deployment(Ns, Deploy));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), cts.Token));
    }

    /// <summary>Until a pod of the store in the simulator satisfies <paramref name="condition"/>.</summary>
    private Task WaitForPodAsync(Func<JsonObject, bool> condition, string what) =>
        Eventually.TrueAsync(() => Sim.Store.List(ResourceCatalog.Pods, Ns).Any(condition), what);

    /// <summary>Until every kind has a watch request, so later changes arrive through the watches.</summary>
    private Task WaitForWatchesAsync() =>
        Eventually.TrueAsync(() => WatchedKinds.All(kind => Requests.Count("GET", kind, watch: true) >= 1), "a watch on every kind");
}
