using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Tests;

/// <summary>API semantics through KubernetesClient and plain HTTP.</summary>
public sealed class ApiTests
{
    private const string Ns = "shop";

    [Fact]
    public async Task Get_MissingObject_AnswersNotFoundStatus()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };

        var response = await http.GetAsync(new Uri("apis/batch/v1/namespaces/shop/jobs/setup", UriKind.Relative));

        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var expected = JsonNode.Parse("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"jobs.batch \\\"setup\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"setup\",\"group\":\"batch\",\"kind\":\"jobs\"},\"code\":404}");
        Assert.True(JsonNode.DeepEquals(expected, status), status.ToJsonString());
    }

    [Fact]
    public async Task OpenApi_GroupVersionDocument_DeclaresFieldValidationOnPatch()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };
        var root = JsonNode.Parse(await http.GetStringAsync(new Uri("openapi/v3", UriKind.Relative)))!;
        var url = root["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();

        var document = JsonNode.Parse(await http.GetStringAsync(new Uri(url.TrimStart('/'), UriKind.Relative)))!;

        var patch = document["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
    }

    [Fact]
    public async Task Create_SecretWithStringData_StoresBase64Data()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();

        var secret = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, Ns);

        Assert.Equal("v", Encoding.UTF8.GetString(secret.Data["k"]));
        Assert.Null(secret.StringData);
    }

    [Fact]
    public async Task Create_Service_AllocatesClusterIp()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();

        var service = await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }], Selector = new Dictionary<string, string> { ["app"] = "web" } },
        }, Ns);

        Assert.StartsWith("10.43.", service.Spec.ClusterIP, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Deployment_AppliesServerDefaults()
    {
        await using var sim = await StartAsync();

        var deployment = sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        Assert.Equal(600, deployment.Num("spec", "progressDeadlineSeconds"));
        Assert.Equal("25%", deployment.Str("spec", "strategy", "rollingUpdate", "maxUnavailable"));
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNotFound()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "nowhere"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Replace_WithStaleResourceVersion_IsConflict()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        var map = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, Ns);
        var stale = map.Metadata.ResourceVersion;
        map.Data["a"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(map, "c", Ns);
        map.Metadata.ResourceVersion = stale;

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(map, "c", Ns));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task Replace_WithoutResourceVersion_UpdatesUnconditionally()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, Ns);

        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "3" } }, "c", Ns);

        Assert.Equal("3", replaced.Data["a"]);
    }

    [Fact]
    public async Task Patch_MetadataOnly_KeepsGeneration()
    {
        await using var sim = await StartAsync();
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        var (patched, _) = sim.Store.Patch(ResourceCatalog.Deployments, Ns, "web", PatchTypes.Merge, JsonNode.Parse("""{"metadata":{"labels":{"x":"y"}}}""")!);

        Assert.Equal(1, patched.Num("metadata", "generation"));
    }

    [Fact]
    public async Task Patch_SpecChange_BumpsGeneration()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.StrategicMergePatch), "web", Ns);

        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Patch_StrategicMergeOfContainer_KeepsOtherContainerFields()
    {
        await using var sim = await StartAsync();
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        var (patched, _) = sim.Store.Patch(ResourceCatalog.Deployments, Ns, "web", PatchTypes.Strategic,
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"A","value":"1"}]}]}}}}""")!);

        var container = (patched.At("spec", "template", "spec", "containers") as JsonArray)![0]!;
        Assert.Equal("nginx:1.27", container.Str("image"));
    }

    [Fact]
    public async Task Apply_WhenAbsent_CreatesWithStatusCreated()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };
        using var body = new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"store-b"}}""", Encoding.UTF8, "application/apply-patch+yaml");

        var response = await http.PatchAsync(new Uri("api/v1/namespaces/store-b?fieldManager=helm&fieldValidation=Strict&force=false", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Apply_FieldNoLongerApplied_IsRemoved()
    {
        await using var sim = await StartAsync();
        var resource = ResourceCatalog.ConfigMaps;
        sim.Store.Patch(resource, Ns, "c", PatchTypes.Apply, JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}""")!, "helm");

        var (applied, _) = sim.Store.Patch(resource, Ns, "c", PatchTypes.Apply, JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""")!, "helm");

        Assert.Null(applied.At("data", "b"));
    }

    [Fact]
    public async Task List_SetBasedLabelSelector_FiltersObjects()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        foreach (var (name, tier) in new[] { ("a", "web"), ("b", "db"), ("c", "cache") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } } }, Ns);
        }

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: "tier in (web,db),tier!=db");

        Assert.Equal(["a"], list.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task List_WithLimit_PagesWithContinueToken()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, Ns);
        }

        var first = await client.CoreV1.ListNamespacedConfigMapAsync(Ns, limit: 2);
        var second = await client.CoreV1.ListNamespacedConfigMapAsync(Ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);

        Assert.Equal(["a", "b", "c"], first.Items.Concat(second.Items).Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task List_EventsByInvolvedObjectFieldSelector_FiltersEvents()
    {
        await using var sim = await StartAsync();
        using var _ = sim.Faults.Add(new Faults.FaultRule { Kind = Faults.FaultKind.PodSecurityRejection });
        using var client = sim.CreateClient();
        sim.Store.Create(TestEnvironment.Job(Ns, "setup"));
        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Events, Ns).Count > 0, "an event in the namespace");

        var events = await client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.kind=Job,involvedObject.name=setup");

        Assert.Equal("FailedCreate", Assert.Single(events.Items).Reason);
    }

    [Fact]
    public async Task Delete_Owner_GarbageCollectsDependents()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));
        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Ns).Count == 1, "the Deployment's pod");

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", Ns, propagationPolicy: "Background");

        await Eventually.TrueAsync(() => sim.Store.List(ResourceCatalog.Pods, Ns).Count == 0 && sim.Store.List(ResourceCatalog.ReplicaSets, Ns).Count == 0, "the pods and ReplicaSets gone after a background delete");
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsForFinalizerRemoval()
    {
        await using var sim = await StartAsync();
        var map = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "held", ["namespace"] = Ns, ["finalizers"] = new JsonArray("example.com/hold") } };
        sim.Store.Create(map);

        var deleted = sim.Store.Delete(ResourceCatalog.ConfigMaps, Ns, "held");

        Assert.NotNull(deleted.Str("metadata", "deletionTimestamp"));
        Assert.NotNull(sim.Store.TryGet(ResourceCatalog.ConfigMaps, Ns, "held"));
    }

    [Fact]
    public async Task Delete_NamespaceWithHeldContent_StaysTerminating()
    {
        await using var sim = await StartAsync();
        var held = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "held", ["namespace"] = Ns, ["finalizers"] = new JsonArray("example.com/hold") } };
        sim.Store.Create(held);

        sim.Store.Delete(ResourceCatalog.Namespaces, null, Ns);

        // The namespace controller has looked at the deleted namespace and found the held content.
        await Eventually.TrueAsync(() => TestEnvironment.HasCondition(sim.Store.TryGet(ResourceCatalog.Namespaces, null, Ns), "NamespaceContentRemaining"), "the namespace controller reporting content remaining");
        Assert.Equal("Terminating", sim.Store.Get(ResourceCatalog.Namespaces, null, Ns).Str("status", "phase"));
        Assert.NotNull(sim.Store.TryGet(ResourceCatalog.ConfigMaps, Ns, "held"));
    }

    [Fact]
    public async Task Delete_Namespace_DisappearsOnceItsContentIsGone()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();
        sim.Store.Create(TestEnvironment.Deployment(Ns, "web"));

        await client.CoreV1.DeleteNamespaceAsync(Ns);

        await Eventually.TrueAsync(() => !sim.Store.NamespaceExists(Ns), "the namespace gone");
        Assert.Empty(sim.Store.List(ResourceCatalog.Pods, Ns));
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_IsForbidden()
    {
        await using var sim = await StartAsync();
        var held = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "held", ["namespace"] = Ns, ["finalizers"] = new JsonArray("example.com/hold") } };
        sim.Store.Create(held);
        sim.Store.Delete(ResourceCatalog.Namespaces, null, Ns);

        var error = Assert.Throws<ApiException>(() => sim.Store.Create(TestEnvironment.Deployment(Ns, "late")));

        Assert.Equal(403, error.Code);
    }

    [Fact]
    public async Task Post_ProtobufSecret_IsDecoded()
    {
        await using var sim = await StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };
        using var body = new ByteArrayContent(ProtobufSecret("sh.helm.release.v1.a.v1", "release", "H4sI"));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        var response = await http.PostAsync(new Uri("api/v1/namespaces/shop/secrets", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Convert.ToBase64String("H4sI"u8.ToArray()), sim.Store.Get(ResourceCatalog.Secrets, Ns, "sh.helm.release.v1.a.v1").Str("data", "release"));
    }

    [Fact]
    public async Task WriteKubeconfig_LoadedByKubernetesClient_ReachesTheSimulator()
    {
        await using var sim = await StartAsync();
        var path = sim.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"urumi-sim-kubeconfig-{Guid.NewGuid():N}"));
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

            var namespaces = await client.CoreV1.ListNamespaceAsync();

            Assert.Contains(namespaces.Items, n => n.Metadata.Name == Ns);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<ClusterSimulator> StartAsync()
    {
        var sim = await ClusterSimulator.StartAsync(new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(50) });
        sim.CreateNamespace(Ns);
        return sim;
    }

    /// <summary>A Secret in Kubernetes' protobuf envelope, as Helm's release storage sends it.</summary>
    private static byte[] ProtobufSecret(string name, string key, string value)
    {
        static byte[] Field(int number, byte[] payload) => [(byte)((number << 3) | 2), (byte)payload.Length, .. payload];
        static byte[] Text(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));
        var metadata = Field(1, [.. Text(1, name), .. Text(3, ""), .. Text(6, "")]);
        var data = Field(2, [.. Text(1, key), .. Text(2, value)]);
        var secret = (byte[])[.. metadata, .. data, .. Text(3, "helm.sh/release.v1")];
        var unknown = (byte[])[.. Field(1, [.. Text(1, "v1"), .. Text(2, "Secret")]), .. Field(2, secret)];
        return [0x6b, 0x38, 0x73, 0x00, .. unknown];
    }
}
