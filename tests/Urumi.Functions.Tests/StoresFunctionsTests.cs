using System.Net;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;

namespace Urumi.Functions.Tests;

public sealed class StoresFunctionsTests
{
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<IAuditLog> audit = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly Mock<IOperationClaims> claims = new();
    private readonly StoresFunctions functions;

    public StoresFunctionsTests()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        functions = new StoresFunctions(new StoresApi(
            cluster.Object, audit.Object, Options.Create(new StoreApiOptions { BaseDomain = "shops.test" }), TimeProvider.System,
            new RequestRateLimit(30), claims.Object, NullLogger<StoresApi>.Instance),
            new FunctionsCallers(Options.Create(new FunctionsAccessOptions { Admins = ["ops@example.com"] })));
    }

    [Fact]
    public async Task Create_ValidBody_Returns202WithOperationLinks()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1","engine":"woocommerce","plan":"small"}""");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/operations/provision-shop1", FunctionsHttp.Header(response, "Location"));
        Assert.NotNull(FunctionsHttp.Header(response, "Retry-After"));
        var body = FunctionsHttp.BodyJson(response);
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
        var request = FunctionsHttp.Request("POST", "/api/stores", "{}");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("shop-", FunctionsHttp.BodyJson(response).GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SignedInPrincipal_BecomesTheOwner()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""", ("X-MS-CLIENT-PRINCIPAL-NAME", "alice@example.com"));

        var response = await functions.Create(request, client.Object);

        Assert.Equal("alice@example.com", FunctionsHttp.BodyJson(response).GetProperty("owner").GetString());
    }

    [Theory]
    [InlineData("""{"name":"Bad Name"}""", "name")]
    [InlineData("""{"name":"shop1","plan":"huge"}""", "plan")]
    [InlineData("""{"name":"shop1","engine":"magento"}""", "engine")]
    [InlineData("""{"name":"shop1","expiresInHours":-1}""", "expiresInHours")]
    [InlineData("""{"name":"shop1",""", "body")]
    [InlineData("""{"name":42}""", "name")]
    [InlineData("""{"name":"shop1","owner":"bob"}""", "owner")]
    [InlineData("""{"name":"shop1","NAME":"shop2"}""", "NAME")]
    [InlineData("""{"name":"shop1","expiresInHours":"12"}""", "expiresInHours")]
    [InlineData("""{"name":"shop1","expiresInHours":0.5}""", "expiresInHours")]
    public async Task Create_BadInput_Returns400ProblemAndStartsNothing(string json, string field)
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", json);

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", FunctionsHttp.Header(response, "Content-Type"), StringComparison.Ordinal);
        var body = FunctionsHttp.BodyJson(response);
        Assert.Equal(ProblemTypes.Validation, body.GetProperty("type").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), FunctionsHttp.BodyText(response));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Create_ProvisionAlreadyRunning_Returns409OperationRunning()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.OperationRunning, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_ScheduleRacesAnotherCreate_Returns409()
    {
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OrchestrationAlreadyExistsException("exists"));
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Create_StoreClaimedByAnotherOperation_Returns409PointingAtIt()
    {
        claims.Setup(c => c.TryClaimAsync(client.Object, "shop1", "provision-shop1", It.IsAny<CancellationToken>())).ReturnsAsync("delete-shop1");
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("/api/operations/delete-shop1", FunctionsHttp.Header(response, "Location"));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Create_StoreAlreadyReady_Returns409StoreExists()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([Store("shop1", StoreStatus.Ready)]);
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""");

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.StoreExists, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task List_ClusterUnreachable_Returns503NamingTheCause()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TransientException("Kubernetes call list managed namespaces could not reach the API server: Connection refused"));

        var response = await functions.List(FunctionsHttp.Request("GET", "/api/stores"), client.Object);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(FunctionsHttp.Header(response, "Retry-After"));
        var body = FunctionsHttp.BodyJson(response);
        Assert.Equal(ProblemTypes.DependencyUnavailable, body.GetProperty("type").GetString());
        Assert.Contains("could not reach the API server", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownStore_Returns404Problem()
    {
        var response = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/nope"), client.Object, "nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.NotFound, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_FailedStore_ShowsTheReason()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Store("shop1", StoreStatus.Failed) with { LastError = "pod shop1-web cannot pull image" });

        var response = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/shop1"), client.Object, "shop1");

        var body = FunctionsHttp.BodyJson(response);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Equal("pod shop1-web cannot pull image", body.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Delete_WhileProvisioning_Returns409()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Pending });

        var response = await functions.Delete(FunctionsHttp.Request("DELETE", "/api/stores/shop1"), client.Object, "shop1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Delete_ExistingStore_Returns202AndStartsDeleteStore()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Ready));

        var response = await functions.Delete(FunctionsHttp.Request("DELETE", "/api/stores/shop1"), client.Object, "shop1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/operations/delete-shop1", FunctionsHttp.Header(response, "Location"));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(new TaskName(DeleteStoreWorkflow.Name), It.IsAny<object>(),
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == "delete-shop1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Delete_UnknownStore_Returns404()
    {
        var response = await functions.Delete(FunctionsHttp.Request("DELETE", "/api/stores/shop1"), client.Object, "shop1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
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

        var response = await functions.Operation(FunctionsHttp.Request("GET", "/api/operations/provision-shop1"), client.Object, "provision-shop1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(FunctionsHttp.Header(response, "Retry-After"));
        var progress = FunctionsHttp.BodyJson(response).GetProperty("progress");
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

        var response = await functions.Operation(FunctionsHttp.Request("GET", "/api/operations/provision-shop1"), client.Object, "provision-shop1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("deadline passed", FunctionsHttp.BodyJson(response).GetProperty("failure").GetString());
    }

    [Fact]
    public async Task Credentials_ExistingStore_ReturnsThemUncachedAndAudits()
    {
        cluster.Setup(c => c.ReadCredentialsAsync("store-shop1", "shop1-credentials", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoreCredentials("shopadmin", "pw-123", "admin@example.invalid", "app-pw"));

        var response = await functions.Credentials(FunctionsHttp.Request("GET", "/api/stores/shop1/credentials"), "shop1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", FunctionsHttp.Header(response, "Cache-Control"));
        Assert.Equal("pw-123", FunctionsHttp.BodyJson(response).GetProperty("adminPassword").GetString());
        Assert.DoesNotContain("app-pw", FunctionsHttp.BodyText(response), StringComparison.Ordinal);
        audit.Verify(a => a.RecordAsync(It.Is<AuditEntry>(e => e.Action == "read-credentials" && e.Store == "shop1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Events_PageSizeOutOfRange_Returns400()
    {
        var response = await functions.Events(FunctionsHttp.Request("GET", "/api/events?pageSize=500"), client.Object);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CreateBatch_DuplicateNames_Returns400()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores/batch", """{"stores":[{"name":"shop1"},{"name":"shop1"}]}""");

        var response = await functions.CreateBatch(request, client.Object);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CreateBatch_ValidStores_Returns202AndStartsOneBatch()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores/batch", """{"stores":[{"name":"shop1"},{"name":"shop2"}]}""");

        var response = await functions.CreateBatch(request, client.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(new TaskName(BatchProvisionWorkflow.Name),
            It.Is<object>(i => ((BatchProvisionInput)i).Stores.Count == 2), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Create_TextPlainBody_Returns415AndStartsNothing()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""", ("Content-Type", "text/plain"));

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProblemTypes.UnsupportedMediaType, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task CreateBatch_NullEntry_Returns400NamingTheIndex()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores/batch", """{"stores":[{"name":"shop1"},null]}""");

        var response = await functions.CreateBatch(request, client.Object);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(FunctionsHttp.BodyJson(response).GetProperty("errors").TryGetProperty("stores[1]", out _), FunctionsHttp.BodyText(response));
    }

    [Fact]
    public async Task Get_MemberPrincipalAsksForAnotherOwnersStore_Returns404()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Ready) with { Owner = "alice@example.com" });

        var bob = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/shop1", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "bob@example.com")), client.Object, "shop1");
        var alice = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/shop1", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "alice@example.com")), client.Object, "shop1");
        var admin = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/shop1", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "ops@example.com")), client.Object, "shop1");

        Assert.Equal(HttpStatusCode.NotFound, bob.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Delete_MemberPrincipalOfAnotherOwnersStore_Returns404AndStartsNothing()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Ready) with { Owner = "alice@example.com" });

        var response = await functions.Delete(FunctionsHttp.Request("DELETE", "/api/stores/shop1", null, ("X-MS-CLIENT-PRINCIPAL-ID", "bob-id")), client.Object, "shop1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Credentials_MemberPrincipalOfAnotherOwnersStore_Returns404WithoutReadingTheSecret()
    {
        cluster.Setup(c => c.GetStoreAsync(StoreName.Parse("shop1"), It.IsAny<CancellationToken>())).ReturnsAsync(Store("shop1", StoreStatus.Ready) with { Owner = "alice@example.com" });

        var response = await functions.Credentials(FunctionsHttp.Request("GET", "/api/stores/shop1/credentials", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "bob@example.com")), "shop1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        cluster.Verify(c => c.ReadCredentialsAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task List_MemberPrincipal_SeesOnlyItsOwnStores()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
            [Store("shop1", StoreStatus.Ready) with { Owner = "alice@example.com" }, Store("shop2", StoreStatus.Ready) with { Owner = "bob@example.com" }]);
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));

        var response = await functions.List(FunctionsHttp.Request("GET", "/api/stores", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "bob@example.com")), client.Object);

        var stores = FunctionsHttp.BodyJson(response).GetProperty("stores");
        Assert.Equal(["shop2"], stores.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task Create_CrossSiteBrowserRequest_Returns403AndStartsNothing(string header, string value)
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""", (header, value));

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ProblemTypes.CrossSiteRequest, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Create_SameOriginBrowserRequest_IsAccepted()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""", ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost:7071"));

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Get_AnyAnswer_CarriesNosniffReferrerPolicyAndNoStore()
    {
        var response = await functions.Get(FunctionsHttp.Request("GET", "/api/stores/nope"), client.Object, "nope");

        Assert.Equal("nosniff", FunctionsHttp.Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", FunctionsHttp.Header(response, "Referrer-Policy"));
        Assert.Equal("no-store", FunctionsHttp.Header(response, "Cache-Control"));
    }

    private static ManagedStore Store(string name, StoreStatus phase) =>
        new(StoreName.Parse(name), "store-" + name, "woocommerce", "small", "anonymous", name + ".shops.test", phase, null, DateTimeOffset.UnixEpoch, null, false);
}
