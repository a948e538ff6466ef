using System.Text.Json;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>The shared store handlers' answers, whichever host binds them (moq'd cluster, task hub and claims).</summary>
public sealed class StoresApiTests
{
    private static readonly Actor Anonymous = Actor.Anonymous;
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<IAuditLog> audit = new();
    private readonly Mock<DurableTaskClient> client = new Mock<DurableTaskClient>("test").WithLive();
    private readonly Mock<IOperationClaims> claims = new();
    private readonly StoresApi api;

    public StoresApiTests()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        api = ApiHandlers.Stores(cluster.Object, audit.Object, claims.Object, new StoreApiOptions { BaseDomain = "shops.test", CreatesPerMinute = 3 });
    }

    [Fact]
    public async Task Create_ValidRequest_Returns202WithOperationLinks()
    {
        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", "woocommerce", "small", null), Anonymous, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/provision-shop1", result.Headers["Location"]);
        Assert.Equal("3", result.Headers["Retry-After"]);
        var body = Json(result);
        Assert.Equal("provisioning", body.GetProperty("status").GetString());
        Assert.Equal("http://shop1.shops.test/", body.GetProperty("url").GetString());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(ProvisionStoreWorkflow.Name),
            It.Is<object>(i => ((ProvisionStoreInput)i).Spec.Name.Value == "shop1"),
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == "provision-shop1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Create_NoName_GeneratesOne()
    {
        var result = await api.CreateAsync(client.Object, null, Anonymous, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.StartsWith("shop-", Json(result).GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Name", null, null, null, "name")]
    [InlineData("shop1", null, "huge", null, "plan")]
    [InlineData("shop1", "magento", null, null, "engine")]
    [InlineData("shop1", null, null, -1, "expiresInHours")]
    public async Task Create_BadInput_Returns400ProblemAndStartsNothing(string name, string? engine, string? plan, int? expiresInHours, string field)
    {
        var result = await api.CreateAsync(client.Object, new CreateStoreRequest(name, engine, plan, expiresInHours), Anonymous, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Equal(ApiResult.ProblemJson, result.ContentType);
        var body = Json(result);
        Assert.Equal(ProblemTypes.Validation, body.GetProperty("type").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), result.Serialize());
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Create_DeleteRunning_Returns409PointingAtTheDeleteWithoutQueryingTheTaskHub()
    {
        // The running delete holds the store's claim: the claim answers, no query of live operations is made.
        claims.Setup(c => c.TryClaimAsync(client.Object, "shop1", "provision-shop1", It.IsAny<CancellationToken>())).ReturnsAsync("delete-shop1");

        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.OperationRunning, Json(result).GetProperty("type").GetString());
        Assert.Equal("/api/operations/delete-shop1", result.Headers["Location"]);
        client.Verify(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()), Times.Never);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Create_ScheduleRacesAnotherCreate_Returns409()
    {
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OrchestrationAlreadyExistsException("exists"));

        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
    }

    [Fact]
    public async Task Create_StoreAlreadyReady_Returns409StoreExists()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([Store("shop1", StoreStatus.Ready)]);

        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.StoreExists, Json(result).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_OverTheRate_Returns429WithRetryAfterAndStartsNothingMore()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(202, (await api.CreateAsync(client.Object, new CreateStoreRequest($"shop{i}", null, null, null), Anonymous, CancellationToken.None)).Status);
        }

        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop4", null, null, null), Anonymous, CancellationToken.None);
        var other = await api.CreateAsync(client.Object, new CreateStoreRequest("shop5", null, null, null), new Actor("bob", ActorRole.Member), CancellationToken.None);

        Assert.Equal(429, result.Status);
        Assert.Equal(ProblemTypes.RateLimited, Json(result).GetProperty("type").GetString());
        Assert.InRange(int.Parse(result.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture), 1, 120);
        Assert.Equal(202, other.Status);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Fact]
    public async Task CreateBatch_OneStoreClaimedElsewhere_Returns409AndReleasesTheClaimsItTook()
    {
        claims.Setup(c => c.TryClaimAsync(client.Object, "shop2", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync("delete-shop2");

        var result = await api.CreateBatchAsync(client.Object, Batch("shop1", "shop2", "shop3"), Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("/api/operations/delete-shop2", result.Headers["Location"]);
        claims.Verify(c => c.ReleaseAsync("shop1", It.Is<string>(id => id.StartsWith("batch-", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        claims.Verify(c => c.ReleaseAsync("shop3", It.Is<string>(id => id.StartsWith("batch-", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        claims.Verify(c => c.ReleaseAsync("shop2", It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task CreateBatch_ScheduleFails_Returns503AndReleasesEveryClaim()
    {
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "connection refused")));

        var result = await api.CreateBatchAsync(client.Object, Batch("shop1", "shop2"), Anonymous, CancellationToken.None);

        Assert.Equal(503, result.Status);
        Assert.Equal("10", result.Headers["Retry-After"]);
        claims.Verify(c => c.ReleaseAsync("shop1", It.Is<string>(id => id.StartsWith("batch-", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        claims.Verify(c => c.ReleaseAsync("shop2", It.Is<string>(id => id.StartsWith("batch-", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task List_ClusterUnreachable_Returns503NamingTheCause()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TransientException("Kubernetes call list managed namespaces could not reach the API server: Connection refused"));

        var result = await api.ListAsync(client.Object, Anonymous, CancellationToken.None);

        Assert.Equal(503, result.Status);
        Assert.Equal("10", result.Headers["Retry-After"]);
        var body = Json(result);
        Assert.Equal(ProblemTypes.DependencyUnavailable, body.GetProperty("type").GetString());
        Assert.Contains("could not reach the API server", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownStore_Returns404Problem()
    {
        var result = await api.GetAsync(client.Object, "nope", Anonymous, CancellationToken.None);

        Assert.Equal(404, result.Status);
        Assert.Equal(ProblemTypes.NotFound, Json(result).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_FailedStore_ShowsTheReason()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Store("shop1", StoreStatus.Failed) with { LastError = "pod shop1-web cannot pull image" });

        var body = Json(await api.GetAsync(client.Object, "shop1", Anonymous, CancellationToken.None));

        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Equal("pod shop1-web cannot pull image", body.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Delete_WhileProvisioning_Returns409()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Pending });

        var result = await api.DeleteAsync(client.Object, "shop1", Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
    }

    [Fact]
    public async Task Delete_StoreProvisioningHoldsTheClaim_Returns409PointingAtItWithoutReadingTheTaskHub()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Provisioning));
        claims.Setup(c => c.TryClaimAsync(client.Object, "shop1", "delete-shop1", It.IsAny<CancellationToken>())).ReturnsAsync("provision-shop1");

        var result = await api.DeleteAsync(client.Object, "shop1", Anonymous, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal("/api/operations/provision-shop1", result.Headers["Location"]);
        client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task Delete_ExistingStore_Returns202AndStartsDeleteStore()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Ready));

        var result = await api.DeleteAsync(client.Object, "shop1", Anonymous, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/delete-shop1", result.Headers["Location"]);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(new TaskName(DeleteStoreWorkflow.Name), It.IsAny<object>(),
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == "delete-shop1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Delete_UnknownStore_Returns404()
    {
        var result = await api.DeleteAsync(client.Object, "shop1", Anonymous, CancellationToken.None);

        Assert.Equal(404, result.Status);
    }

    [Fact]
    public async Task Operation_Running_Returns202WithRetryAfterAndProgress()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                // As the durable runtime stores it: .NET default (PascalCase) names.
                SerializedCustomStatus = """{"Operation":"provision","Store":"shop1","Step":"waiting-for-pods","Percent":40,"Message":"Waiting","Pods":[{"Name":"web-0","Ready":false}]}""",
            });

        var result = await api.OperationAsync(client.Object, "provision-shop1", Anonymous, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("3", result.Headers["Retry-After"]);
        var progress = Json(result).GetProperty("progress");
        Assert.Equal(40, progress.GetProperty("percent").GetInt32());
        Assert.Equal("web-0", progress.GetProperty("pods")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Operation_Failed_Returns200WithTheReason()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Failed,
                FailureDetails = new TaskFailureDetails("StoreOperationFailedException", "deadline passed", null, null, null),
            });

        var result = await api.OperationAsync(client.Object, "provision-shop1", Anonymous, CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal("deadline passed", Json(result).GetProperty("failure").GetString());
    }

    [Fact]
    public async Task Credentials_ExistingStore_ReturnsThemUncachedAndAudits()
    {
        cluster.Setup(c => c.ReadCredentialsAsync("store-shop1", "shop1-credentials", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoreCredentials("shopadmin", "pw-123", "admin@example.invalid", "app-pw"));

        var result = await api.CredentialsAsync("shop1", Anonymous, CancellationToken.None);

        Assert.Equal(200, result.Status);
        Assert.Equal("no-store", result.Headers["Cache-Control"]);
        Assert.Equal("pw-123", Json(result).GetProperty("adminPassword").GetString());
        Assert.DoesNotContain("app-pw", result.Serialize(), StringComparison.Ordinal);
        audit.Verify(a => a.RecordAsync(It.Is<AuditEntry>(e => e.Action == "read-credentials" && e.Store == "shop1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Events_PageSizeOutOfRange_Returns400()
    {
        var result = await api.EventsAsync(client.Object, null, "500", null, Anonymous, CancellationToken.None);

        Assert.Equal(400, result.Status);
    }

    [Fact]
    public async Task CreateBatch_DuplicateNames_Returns400()
    {
        var result = await api.CreateBatchAsync(client.Object, Batch("shop1", "shop1"), Anonymous, CancellationToken.None);

        Assert.Equal(400, result.Status);
        VerifyNothingScheduled();
    }

    [Fact]
    public async Task CreateBatch_ValidStores_Returns202AndStartsOneBatch()
    {
        var result = await api.CreateBatchAsync(client.Object, Batch("shop1", "shop2"), Anonymous, CancellationToken.None);

        Assert.Equal(202, result.Status);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(new TaskName(BatchProvisionWorkflow.Name),
            It.Is<object>(i => ((BatchProvisionInput)i).Stores.Count == 2), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Once);
        claims.Verify(c => c.ReleaseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task CreateBatch_NullEntry_Returns400NamingTheIndex()
    {
        var result = await api.CreateBatchAsync(client.Object, new BatchCreateRequest([new CreateStoreRequest("shop1", null, null, null), null!]), Anonymous, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.True(Json(result).GetProperty("errors").TryGetProperty("stores[1]", out _), result.Serialize());
    }

    private static BatchCreateRequest Batch(params string[] names) => new(names.Select(n => new CreateStoreRequest(n, null, null, null)).ToList());

    private static JsonElement Json(ApiResult result) => JsonDocument.Parse(result.Serialize()).RootElement;

    private void VerifyNothingScheduled() =>
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);

    private static ManagedStore Store(string name, StoreStatus phase) =>
        new(StoreName.Parse(name), "store-" + name, "woocommerce", "small", "anonymous", name + ".shops.test", phase, null, DateTimeOffset.UnixEpoch, null, false);
}
