using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Storage;

namespace Urumi.Functions.Tests;

/// <summary>
/// What the Functions triggers add to the shared handlers (whose answers are tested in
/// Urumi.Platform.Tests): body binding, the caller from the platform's principal headers and the
/// response headers. The cross-site refusal runs before any trigger (CrossSiteMiddleware): see
/// CrossSiteMiddlewareTests and the Functions host end-to-end tests.
/// </summary>
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
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Returns(() => Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));
        functions = new StoresFunctions(
            ApiHandlers.Stores(cluster.Object, audit.Object, claims.Object, new StoreApiOptions { BaseDomain = "shops.test" }),
            new StoreRevisions(cluster.Object, new Mock<IHelm>().Object, Options.Create(new StoreApiOptions { BaseDomain = "shops.test" })),
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
    public async Task Create_TextPlainBody_Returns415AndStartsNothing()
    {
        var request = FunctionsHttp.Request("POST", "/api/stores", """{"name":"shop1"}""", ("Content-Type", "text/plain"));

        var response = await functions.Create(request, client.Object);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProblemTypes.UnsupportedMediaType, FunctionsHttp.BodyJson(response).GetProperty("type").GetString());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
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

        var response = await functions.List(FunctionsHttp.Request("GET", "/api/stores", null, ("X-MS-CLIENT-PRINCIPAL-NAME", "bob@example.com")), client.Object);

        var stores = FunctionsHttp.BodyJson(response).GetProperty("stores");
        Assert.Equal(["shop2"], stores.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
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
