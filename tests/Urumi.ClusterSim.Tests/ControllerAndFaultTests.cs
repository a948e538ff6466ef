using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Controllers;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Tests;

/// <summary>The controller loop and every fault switch.</summary>
public sealed class ControllerAndFaultTests
{
    private const string Ns = "shop";

    [Fact]
    public async Task Deployment_Created_BecomesAvailableThroughReplicaSetAndPod()
    {
        await using var sim = await StartAsync();

        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Deployments, Ns, "web"), "Available"), "the web Deployment Available");
        var rs = Assert.Single(sim.Store.List(ResourceCatalog.ReplicaSets, Ns));
        Assert.True(ControllerContext.IsControlledBy(Assert.Single(sim.Store.List(ResourceCatalog.Pods, Ns)), rs.Uid()));
    }

    [Fact]
    public async Task StatefulSet_WithClaimTemplate_CreatesBoundClaimAndReadyPod()
    {
        await using var sim = await StartAsync();
        var sts = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop"},
             "spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
               "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"mariadb:11"}]}},
               "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
            """)!.AsObject();

        sim.Store.Create(sts);

        await Eventually.TrueAsync(() => sim.Store.TryGet(ResourceCatalog.StatefulSets, Ns, "db").Num("status", "readyReplicas") == 1, "the db StatefulSet with one ready replica");
        Assert.Equal("Bound", sim.Store.Get(ResourceCatalog.PersistentVolumeClaims, Ns, "data-db-0").Str("status", "phase"));
    }

    [Fact]
    public async Task Job_Created_Completes()
    {
        await using var sim = await StartAsync();

        sim.Store.Create(TestEnvironment.Job(Ns, "setup"));

        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Jobs, Ns, "setup"), "Complete"), "the setup Job Complete");
    }

    [Fact]
    public async Task ReadyDelayFault_InOneNamespace_DelaysOnlyThatNamespace()
    {
        await using var sim = await StartAsync();
        sim.CreateNamespace("slow");
        sim.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = "slow", Delay = TimeSpan.FromSeconds(30) });

        sim.Store.Create(TestEnvironment.Deployment("slow", "web"));
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Deployments, Ns, "web"), "Available"), "the web Deployment Available");
        Assert.False(TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Deployments, "slow", "web"), "Available"));
    }

    [Fact]
    public async Task NeverReadyFault_PodRunsButNeverBecomesReady()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.NeverReady, Name = "web*" });

        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Ns).Any(p => p.Str("status", "phase") == "Running"), "a Running pod");
        Assert.False(TestEnvironment.HasCondition(sim.Store.List(ResourceCatalog.Pods, Ns)[0], "Ready"));
    }

    [Fact]
    public async Task ImagePullBackOffFault_PodWaitsWithReasonAndEvent()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.ImagePullBackOff, Image = "nginx:*" });

        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Ns).Any(p =>
            (p.At("status", "containerStatuses") as JsonArray)?.FirstOrDefault().Str("state", "waiting", "reason") == "ImagePullBackOff"), "a pod in ImagePullBackOff");
        Assert.Contains(sim.Store.List(ResourceCatalog.Events, Ns), e => e.Str("reason") == "Failed");
    }

    [Fact]
    public async Task CrashLoopBackOffFault_RestartCountGrows()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.CrashLoopBackOff, Interval = TimeSpan.FromMilliseconds(100) });

        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Ns).Any(p =>
            (p.At("status", "containerStatuses") as JsonArray)?.FirstOrDefault().Num("restartCount") >= 3), "a pod restarted three times");
    }

    [Fact]
    public async Task JobFailureFault_JobEndsFailed()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure, Name = "setup*" });

        sim.Store.Create(TestEnvironment.Job(Ns, "setup", backoffLimit: 1));

        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Jobs, Ns, "setup"), "Failed"), "the setup Job Failed");
        Assert.Equal(2, sim.Store.Get(ResourceCatalog.Jobs, Ns, "setup").Num("status", "failed"));
    }

    [Fact]
    public async Task PodSecurityRejectionFault_RecordsFailedCreateAndNoPods()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.PodSecurityRejection, Namespace = Ns });

        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Events, Ns).Any(e => e.Str("reason") == "FailedCreate"), "a FailedCreate event");
        Assert.Empty(sim.Store.List(ResourceCatalog.Pods, Ns));
    }

    [Fact]
    public async Task BlockNamespaceDeletionFault_HoldsTheNamespaceUntilLifted()
    {
        await using var sim = await StartAsync();
        var block = sim.Faults.Add(new FaultRule { Kind = FaultKind.BlockNamespaceDeletion, Namespace = Ns });
        await Eventually.TrueAsync(() => sim.Store.Get(ResourceCatalog.Namespaces, null, Ns).At("metadata", "finalizers") is not null, "the blocking finalizer on the namespace");
        sim.Store.Delete(ResourceCatalog.Namespaces, null, Ns);

        // The namespace controller has looked at the deleted namespace and found only the blocker left.
        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Namespaces, null, Ns), "NamespaceFinalizersRemaining"), "the namespace controller reporting the blocking finalizer");
        Assert.Equal("Terminating", sim.Store.Get(ResourceCatalog.Namespaces, null, Ns).Str("status", "phase"));

        block.Dispose();

        await Eventually.TrueAsync(() => !sim.Store.NamespaceExists(Ns), "the namespace gone once the fault is lifted");
    }

    [Fact]
    public async Task ApiErrorFault_ServerError_FailsMatchingVerbOnly()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "list", Resource = "configmaps", StatusCode = 500 });
        using var client = sim.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync(Ns));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.NotNull(await client.CoreV1.ListNamespacedSecretAsync(Ns));
    }

    [Fact]
    public async Task ApiErrorFault_TooManyRequests_SendsRetryAfterForCountRequests()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, StatusCode = 429, RetryAfterSeconds = 2, Count = 1 });
        using var http = new HttpClient { BaseAddress = sim.ApiUri };

        using var first = await http.GetAsync(new Uri("api/v1/namespaces/shop/secrets", UriKind.Relative));
        using var second = await http.GetAsync(new Uri("api/v1/namespaces/shop/secrets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task LatencyFault_DelaysRequests()
    {
        await using var sim = await StartAsync();
        sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "get", Delay = TimeSpan.FromMilliseconds(400) });
        using var client = sim.CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await client.CoreV1.ReadNamespaceAsync(Ns);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task AdminEndpoint_PostFault_AppliesAndDeleteLiftsIt()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };

        using var created = await http.PostAsJsonAsync(new Uri("_sim/faults", UriKind.Relative), new { kind = "ApiError", verb = "get", statusCode = 503 });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var failing = await http.GetAsync(new Uri("api/v1/namespaces/shop", UriKind.Relative));
        using var deleted = await http.DeleteAsync(new Uri("_sim/faults/" + id, UriKind.Relative));
        using var working = await http.GetAsync(new Uri("api/v1/namespaces/shop", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
    }

    private static async Task<ClusterSimulator> StartAsync()
    {
        var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        sim.CreateNamespace(Ns);
        return sim;
    }
}
