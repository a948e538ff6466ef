using System.Diagnostics;
using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.ClusterSim.Faults;
using Urumi.Domain;
using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;
using Urumi.Platform.Kubernetes;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesErrorHandlingTests : KubernetesTestBase
{
    private const string SecretPath = "/namespaces/" + Ns + "/secrets/shop1-credentials";

    [Fact]
    public async Task ReadCredentialsAsync_429WithRetryAfter_RetriesThenSucceeds()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "get", Resource = "secrets", StatusCode = 429, RetryAfterSeconds = 1, Count = 2 });
        var stopwatch = Stopwatch.StartNew();

        var credentials = await cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None);

        Assert.Null(credentials);
        Assert.Equal(3, Requests.Count("GET", SecretPath, watch: false));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited only {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ReadCredentialsAsync_Two429sThenAnswer_CountsEachResponseTheRetriesAndTheThrottles()
    {
        using var meterServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = meterServices.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, UrumiMetrics.MeterName, "urumi.kubernetes.requests");
        using var retries = new MetricCollector<long>(meters, UrumiMetrics.MeterName, "urumi.kubernetes.retries");
        using var throttled = new MetricCollector<long>(meters, UrumiMetrics.MeterName, "urumi.kubernetes.throttled");
        var cluster = CreateCluster(metrics: new UrumiMetrics(meters, TimeProvider.System));
        Sim.CreateNamespace(Ns);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "get", Resource = "secrets", StatusCode = 429, RetryAfterSeconds = 0, Count = 2 });

        await cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None);

        Assert.Equal([429, 429, 404], requests.GetMeasurementSnapshot().Select(m => m.Tags["code"]));
        Assert.All(retries.GetMeasurementSnapshot(), m => Assert.Equal(429, m.Tags["code"]));
        Assert.Equal(2, retries.GetMeasurementSnapshot().Count);
        Assert.Equal(["GET", "GET"], throttled.GetMeasurementSnapshot().Select(m => m.Tags["method"]));
    }

    [Fact]
    public async Task ReadCredentialsAsync_429BeyondRetries_ThrowsTransient()
    {
        var cluster = CreateCluster(o => o.MaxRetriesOn429 = 1);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "get", Resource = "secrets", StatusCode = 429, RetryAfterSeconds = 0, Count = 5 });

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None));

        Assert.Contains("failed with 429 TooManyRequests", error.Message, StringComparison.Ordinal);
        Assert.Contains("the server has received too many requests", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Requests.Count("GET", SecretPath, watch: false));
    }

    [Fact]
    public async Task ReadCredentialsAsync_One503_IsRetriedAsAnIdempotentRead()
    {
        var cluster = CreateCluster();
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "get", Resource = "secrets", StatusCode = 503, RetryAfterSeconds = 0, Count = 1 });

        var credentials = await cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None);

        Assert.Null(credentials);
        Assert.Equal(2, Requests.Count("GET", SecretPath, watch: false));
    }

    [Fact]
    public async Task ReadCredentialsAsync_Persistent503_ThrowsTransientAfterTheRetries()
    {
        var cluster = CreateCluster(o => o.MaxRetriesOn429 = 1);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "get", Resource = "secrets", StatusCode = 503, RetryAfterSeconds = 0 });

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None));

        Assert.Contains($"read Secret {Ns}/shop1-credentials failed with 503 ServiceUnavailable", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Requests.Count("GET", SecretPath, watch: false));
    }

    [Fact]
    public async Task SetPhaseAsync_500_ThrowsTransientNamingTheCall()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "patch", Resource = "namespaces", StatusCode = 500 });

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.SetPhaseAsync(Ns, StoreStatus.Ready, null, CancellationToken.None));

        Assert.Contains("set phase Ready on namespace " + Ns, error.Message, StringComparison.Ordinal);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_ListRefusedWith403_ThrowsPermanent()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);

        // The simulator enforces no RBAC; an ApiError rule answers the list with the status a missing role would get.
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "list", Resource = "pods", StatusCode = 403 });

        var error = await Assert.ThrowsAsync<PermanentException>(() => cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains($"list pods in {Ns} failed with 403 Forbidden", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_WatchAnswers500_RetriesAndCompletes()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        // Not ready until a third pods watch shows that both 500s were retried; a clock cannot
        // promise that on a loaded machine.
        var slow = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = Ns, Delay = TimeSpan.FromMinutes(10) });
        Sim.Store.Create(Workloads.Deployment(Ns, "shop1-wordpress"));
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "watch", Resource = "pods", StatusCode = 500, Count = 2 });

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(60), CancellationToken.None);
        await Eventually.TrueAsync(() => Requests.Count("GET", "/pods", watch: true) >= 3, "a third pods watch after two 500s");
        slow.Dispose();
        var report = await waiting;

        Assert.True(report.Ready);
    }

    [Fact]
    public async Task PingAsync_ServerUnreachable_ThrowsTransient()
    {
        var options = TestOptions();
        using var client = KubernetesClientFactory.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, options);
        var cluster = new KubernetesCluster(client, Options.Create(options), NullLogger<KubernetesCluster>.Instance);

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.PingAsync());

        Assert.Contains("could not reach the API server", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 2000000000000 Nope\r\n\r\n")]
    [InlineData("HTTP/1.\r\n\r\n")]
    [InlineData("not http at all\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"major\"")]
    public async Task PingAsync_GarbledResponse_ThrowsTransient(string answer)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[4096];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(answer));
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        var options = TestOptions(o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        using var client = KubernetesClientFactory.Create(
            new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}" }, options);
        var cluster = new KubernetesCluster(client, Options.Create(options), NullLogger<KubernetesCluster>.Instance);

        await Assert.ThrowsAsync<TransientException>(() => cluster.PingAsync());
        await server;
    }

    [Fact]
    public async Task PingAsync_Reachable_ReturnsServerVersion()
    {
        var cluster = CreateCluster();

        var version = await cluster.PingAsync();

        Assert.Equal("v1.35.0+urumi-sim", version);
    }

    [Fact]
    public async Task ManyCalls_ConcurrencyCap_ReachedAndNeverExceeded()
    {
        var cluster = CreateCluster(o => o.MaxConcurrentRequests = 2);
        // Each read is held long enough that the first two overlap however loaded the machine is; the
        // simulator counts the requests it holds at once, so the peak is observed, not sampled.
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "get", Resource = "secrets", Delay = TimeSpan.FromSeconds(1) });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => cluster.ReadCredentialsAsync(Ns, $"secret-{i}", CancellationToken.None)));

        Assert.Equal(6, Requests.All.Count(r => r.Method == "GET" && r.Path.Contains("/secrets/secret-", StringComparison.Ordinal)));
        Assert.Equal(2, Sim.Faults.PeakHeld);
    }

    [Fact]
    public async Task WaitForReadyAsync_SingleRequestSlot_WatchesDoNotHoldIt()
    {
        // Watches that never time out on their own, and a store that is not ready until the test says so:
        // if a watch held the only request slot, the ping below could never be answered.
        var cluster = CreateCluster(o =>
        {
            o.MaxConcurrentRequests = 1;
            o.WatchTimeout = TimeSpan.FromMinutes(10);
        });
        Sim.CreateNamespace(Ns);
        var slow = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = Ns, Delay = TimeSpan.FromMinutes(10) });
        Sim.Store.Create(Workloads.Deployment(Ns, "shop1-wordpress"));

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromMinutes(15), CancellationToken.None);
        string[] kinds = ["/pods", "/deployments", "/statefulsets", "/jobs"];
        await Eventually.TrueAsync(() => kinds.All(kind => Requests.Count("GET", kind, watch: true) >= 1), "a watch on every kind");

        var ping = cluster.PingAsync();
        // Whichever ends first: the ping if the watches left the slot free, else the wait (when the store turns
        // Ready after its 10 minutes), which fails the test without a time limit of the test's own.
        var answered = await Task.WhenAny(ping, waiting);
        Assert.True(answered == ping, "the ping was not answered while the watches were open: they hold the only request slot");
        var version = await ping;
        slow.Dispose();
        var report = await waiting;

        Assert.Equal("v1.35.0+urumi-sim", version);
        Assert.True(report.Ready);
    }
}
