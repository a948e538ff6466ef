using System.Diagnostics;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Platform.Kubernetes;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesErrorHandlingTests : KubernetesTestBase
{
    [Fact]
    public async Task ReadCredentialsAsync_429WithRetryAfter_RetriesThenSucceeds()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.FailNext("GET", "/secrets/shop1-credentials", 429, times: 2, retryAfterSeconds: 1);
        var stopwatch = Stopwatch.StartNew();

        var credentials = await cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None);

        Assert.Null(credentials);
        Assert.Equal(3, Api.CountRequests("GET", "/secrets/shop1-credentials", watch: false));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited only {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ReadCredentialsAsync_429BeyondRetries_ThrowsTransient()
    {
        var cluster = CreateCluster(o => o.MaxRetriesOn429 = 1);
        Api.FailNext("GET", "/secrets/shop1-credentials", 429, times: 5, retryAfterSeconds: 0, message: "storage is (re)initializing");

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.ReadCredentialsAsync(Ns, "shop1-credentials", CancellationToken.None));

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Contains("storage is (re)initializing", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Api.CountRequests("GET", "/secrets/shop1-credentials", watch: false));
    }

    [Fact]
    public async Task PrepareNamespaceAsync_403_ThrowsPermanentWithApiMessage()
    {
        var cluster = CreateCluster();
        const string message = "namespaces is forbidden: User \"system:serviceaccount:urumi:urumi\" cannot create resource \"namespaces\" in API group \"\" at the cluster scope";
        Api.FailNext("POST", "/api/v1/namespaces", 403, message: message);

        var error = await Assert.ThrowsAsync<PermanentException>(() => cluster.PrepareNamespaceAsync(
            new Urumi.Domain.Ports.NamespaceSpec(Ns, new Dictionary<string, string>(), new Dictionary<string, string>()), CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"create namespace {Ns}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPhaseAsync_500_ThrowsTransientNamingTheCall()
    {
        var cluster = CreateCluster();
        Api.Put(Namespace(Ns));
        Api.FailNext("PATCH", "/namespaces/" + Ns, 500, message: "etcdserver: request timed out");

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.SetPhaseAsync(Ns, Urumi.Domain.Stores.StoreStatus.Ready, null, CancellationToken.None));

        Assert.Contains("set phase Ready on namespace " + Ns, error.Message, StringComparison.Ordinal);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReadyAsync_ListForbidden_ThrowsPermanent()
    {
        var cluster = CreateCluster();
        Api.FailNext("GET", "/pods", 403, message: "pods is forbidden");

        var error = await Assert.ThrowsAsync<PermanentException>(() => cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Contains("pods is forbidden", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task PingAsync_Reachable_ReturnsServerVersion()
    {
        var cluster = CreateCluster();

        var version = await cluster.PingAsync();

        Assert.Equal("v1.35.0-fake", version);
    }

    [Fact]
    public async Task ManyCalls_ConcurrencyCap_NeverExceeded()
    {
        var cluster = CreateCluster(o => o.MaxConcurrentRequests = 2);
        Api.Latency = TimeSpan.FromMilliseconds(100);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => cluster.ReadCredentialsAsync(Ns, $"secret-{i}", CancellationToken.None)));

        Assert.Equal(2, Api.MaxConcurrentRequests);
    }

    [Fact]
    public async Task WaitForReadyAsync_SingleRequestSlot_WatchesDoNotHoldIt()
    {
        var cluster = CreateCluster(o => o.MaxConcurrentRequests = 1);
        Api.Put(Namespace(Ns));
        Api.Put(Deployment("shop1-wordpress", readyReplicas: 0));
        Api.Put(UnreadyPod("shop1-wordpress-5d8-abc"));

        var waiting = cluster.WaitForReadyAsync(Ns, TimeSpan.FromSeconds(10), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Api.CountRequests("GET", "/jobs", watch: true) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var version = await cluster.PingAsync().WaitAsync(TimeSpan.FromSeconds(3));
        Api.Put(ReadyPod("shop1-wordpress-5d8-abc"));
        Api.Put(Deployment("shop1-wordpress", readyReplicas: 1));
        var report = await waiting;

        Assert.Equal("v1.35.0-fake", version);
        Assert.True(report.Ready);
    }
}
