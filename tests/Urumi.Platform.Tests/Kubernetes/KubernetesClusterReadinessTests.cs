using Urumi.Domain.Ports;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesClusterReadinessTests : KubernetesTestBase
{
    private const string Pod = "shop1-wordpress-5d8-abc";
    private const string Deploy = "shop1-wordpress";

    private static readonly string[] WatchedKinds = ["/pods", "/deployments", "/statefulsets", "/jobs"];

    private void PutReadyStore()
    {
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 1));
        Api.Put(ReadyPod(Pod));
        Api.Put(StatefulSet("shop1-mariadb", readyReplicas: 1));
        Api.Put(ReadyPod("shop1-mariadb-0", app: "mariadb"));
        Api.Put(Job("shop1-wc-setup", "Complete"));
    }

    private void PutStartingStore()
    {
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(UnreadyPod(Pod));
    }

    private void FlipToReady()
    {
        Api.Put(ReadyPod(Pod));
        Api.Put(Deployment(Deploy, readyReplicas: 1));
    }

    [Fact]
    public async Task WaitForReadyAsync_AllReady_ReturnsReadyAtOnce()
    {
        var cluster = CreateCluster();
        PutReadyStore();

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(report.Ready);
        Assert.Null(report.FatalReason);
        Assert.Empty(report.Waiting);
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchEventFlipsPodAndDeployment_BecomesReady()
    {
        var cluster = CreateCluster();
        PutStartingStore();

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitForWatchesAsync();
        FlipToReady();
        var report = await waiting;

        Assert.True(report.Ready);
        Assert.Equal(1, Api.CountRequests("GET", "/pods", watch: false));
    }

    [Fact]
    public async Task WaitForReadyAsync_ImagePullBackOff_FatalNamesPodAndImage()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(ImagePullBackOffPod(Pod, "wordpress:nope"));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.StartsWith($"pod {Pod} cannot pull image wordpress:nope (ImagePullBackOff)", report.FatalReason, StringComparison.Ordinal);
        Assert.Equal(PodProblem.ImagePullBackOff, Assert.Single(report.Pods, p => p.Name == Pod).Problem);
    }

    [Fact]
    public async Task WaitForReadyAsync_CrashLoopUnderThreshold_NotFatal()
    {
        var cluster = CreateCluster(o => o.CrashLoopFatalRestarts = 3);
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(CrashLoopPod(Pod, restarts: 2));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Null(report.FatalReason);
        var pod = Assert.Single(report.Pods);
        Assert.Equal(PodProblem.CrashLoopBackOff, pod.Problem);
        Assert.Equal(2, pod.Restarts);
    }

    [Fact]
    public async Task WaitForReadyAsync_CrashLoopReachesThreshold_FatalWithRestartCount()
    {
        var cluster = CreateCluster(o => o.CrashLoopFatalRestarts = 3);
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(CrashLoopPod(Pod, restarts: 2));

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitForWatchesAsync();
        Api.Put(CrashLoopPod(Pod, restarts: 3));
        var report = await waiting;

        Assert.NotNull(report.FatalReason);
        Assert.Contains($"pod {Pod} keeps crashing (CrashLoopBackOff", report.FatalReason, StringComparison.Ordinal);
        Assert.Contains("restarted 3 times", report.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_FailedCreateEventAndNoPods_FatalWithEventMessage()
    {
        var cluster = CreateCluster();
        const string message = "pods \"shop1-wordpress-5d8-x\" is forbidden: violates PodSecurity \"baseline:latest\": privileged";
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(FailedCreateEvent("shop1-wordpress-5d8.1", "ReplicaSet", "shop1-wordpress-5d8", message));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal($"deployment {Deploy} cannot create pods (FailedCreate on replicaset shop1-wordpress-5d8): {message}", report.FatalReason);
        Assert.Contains(report.Pods, p => p.Problem == PodProblem.FailedCreate);
    }

    [Fact]
    public async Task WaitForReadyAsync_FailedCreateEventArrivesWhileWaiting_Fatal()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.Put(StatefulSet("shop1-mariadb", readyReplicas: 0));

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitForWatchesAsync();
        Api.Put(FailedCreateEvent("shop1-mariadb.1", "StatefulSet", "shop1-mariadb", "exceeded quota: store-quota"));
        var report = await waiting;

        Assert.Equal("statefulset shop1-mariadb cannot create pods (FailedCreate): exceeded quota: store-quota", report.FatalReason);
    }

    [Fact]
    public async Task WaitForReadyAsync_UnreadyAtMaxWait_ReturnsReportNamingPodAndCondition()
    {
        var cluster = CreateCluster();
        PutStartingStore();

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(600), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Null(report.FatalReason);
        var pod = Assert.Single(report.Pods);
        Assert.Equal(PodProblem.NotReady, pod.Problem);
        Assert.Contains("ContainersNotReady", pod.Message, StringComparison.Ordinal);
        Assert.Contains($"deployment {Deploy}: 0/1 ready", report.Waiting);
        Assert.Contains(Pod, report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchExpiredWith410_RelistsAndCompletes()
    {
        var cluster = CreateCluster();
        PutStartingStore();
        Api.ExpireNextWatch("pods");
        Api.ExpireNextWatch("deployments");

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitUntilAsync(() => Api.CountRequests("GET", "/pods", watch: false) >= 2 && Api.CountRequests("GET", "/pods", watch: true) >= 2);
        FlipToReady();
        var report = await waiting;

        Assert.True(report.Ready);
    }

    [Fact]
    public async Task WaitForReadyAsync_StreamDropped_RelistsAndSeesChange()
    {
        var cluster = CreateCluster();
        PutStartingStore();
        Api.DropNextWatch("pods");

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitUntilAsync(() => Api.CountRequests("GET", "/pods", watch: false) >= 2);
        FlipToReady();
        var report = await waiting;

        Assert.True(report.Ready);
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchTimesOut_RelistsAndKeepsWatching()
    {
        var cluster = CreateCluster(o => o.WatchTimeout = TimeSpan.FromSeconds(1));
        PutStartingStore();

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        await WaitUntilAsync(() => Api.CountRequests("GET", "/pods", watch: true) >= 2);
        FlipToReady();
        var report = await waiting;

        Assert.True(report.Ready);
        Assert.Contains(Api.Requests, r => r.Contains("/pods?", StringComparison.Ordinal) && r.Contains("timeoutSeconds=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForReadyAsync_JobFailed_FatalNamesJob()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.Put(Job("shop1-wc-setup", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("job shop1-wc-setup failed (BackoffLimitExceeded): Job has reached the specified backoff limit", report.FatalReason);
        Assert.Contains(report.Pods, p => p.Problem == PodProblem.JobFailed);
    }

    [Fact]
    public async Task WaitForReadyAsync_UnschedulableShorterThanLimit_ProblemNotFatal()
    {
        var cluster = CreateCluster(o => o.UnschedulableFatalAfter = TimeSpan.FromMinutes(2));
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(UnschedulablePod(Pod, DateTime.UtcNow));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.Null(report.FatalReason);
        Assert.Equal(PodProblem.Unschedulable, Assert.Single(report.Pods).Problem);
    }

    [Fact]
    public async Task WaitForReadyAsync_UnschedulableLongerThanLimit_Fatal()
    {
        var cluster = CreateCluster(o => o.UnschedulableFatalAfter = TimeSpan.FromMinutes(2));
        Api.Put(Namespace(Ns));
        Api.Put(Deployment(Deploy, readyReplicas: 0));
        Api.Put(UnschedulablePod(Pod, DateTime.UtcNow.AddMinutes(-3)));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.StartsWith($"pod {Pod} cannot be scheduled (Unschedulable", report.FatalReason, StringComparison.Ordinal);
        Assert.Contains("Insufficient memory", report.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_EmptyNamespace_NotReady()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));

        var report = await cluster.WaitForReadyAsync(Ns, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.False(report.Ready);
        Assert.Equal("Waiting for workloads to appear.", report.Summary());
    }

    [Fact]
    public async Task WaitForReadyAsync_CallerCancels_Throws()
    {
        var cluster = CreateCluster();
        PutStartingStore();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), cts.Token));
    }

    /// <summary>Until every kind has an open watch, so later changes arrive through the watches.</summary>
    private Task WaitForWatchesAsync() => WaitUntilAsync(() =>
        WatchedKinds.All(kind => Api.CountRequests("GET", kind, watch: true) >= 1));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 5 s");
            await Task.Delay(20);
        }

        await Task.Delay(50);
    }
}
