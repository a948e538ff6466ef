using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>The store URLs the API hands out (<c>Urumi:Stores:PublicUrl</c>) and how it spells a finished operation's result.</summary>
public sealed class StoresApiUrlTests
{
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<DurableTaskClient> client = new Mock<DurableTaskClient>("test").WithLive();
    private readonly Mock<IOperationClaims> claims = new();

    [Fact]
    public async Task Create_PublicUrlWithIngressPort_StoreAndAdminUrlsAndWorkflowInputCarryThePort()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        claims.Setup(c => c.TryClaimAsync(It.IsAny<DurableTaskClient>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        var api = Api(new StoreApiOptions { PublicUrl = "http://{host}:18081/" });

        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), new Actor("alice", ActorRole.Member), CancellationToken.None);

        Assert.Equal(202, result.Status);
        using var body = JsonDocument.Parse(result.Serialize());
        Assert.Equal("http://shop1.localhost:18081/", body.RootElement.GetProperty("url").GetString());
        Assert.Equal("http://shop1.localhost:18081/wp-admin/", body.RootElement.GetProperty("adminUrl").GetString());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.IsAny<Microsoft.DurableTask.TaskName>(),
            It.Is<object>(i => ((ProvisionStoreInput)i).PublicUrl == "http://{host}:18081/"),
            It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions>(),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Operation_ProvisionCompleted_OutputSpellsTheStatusAsTheStoreViewDoes()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                // As the durable runtime stores it: .NET default names, the enum by its member name.
                SerializedOutput = """{"Store":"shop1","Status":"Ready","Url":"http://shop1.localhost:18081/","AdminUrl":"http://shop1.localhost:18081/wp-admin/","Reason":null,"TestOrderId":101}""",
            });
        var api = Api(new StoreApiOptions());

        var result = await api.OperationAsync(client.Object, "provision-shop1", Actor.Anonymous, CancellationToken.None);

        Assert.Equal(200, result.Status);
        using var body = JsonDocument.Parse(result.Serialize());
        var output = body.RootElement.GetProperty("output");
        Assert.Equal("ready", output.GetProperty("status").GetString());
        Assert.Equal("shop1", output.GetProperty("store").GetString());
        Assert.Equal("http://shop1.localhost:18081/", output.GetProperty("url").GetString());
        Assert.Equal(101, output.GetProperty("testOrderId").GetInt64());
    }

    [Fact]
    public async Task Operation_ProvisionFailedWithPlainTextOutput_Answers200WithTheTextAsAString()
    {
        client.Setup(c => c.GetInstanceAsync("provision-shop1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Failed,
                // What the durable runtime keeps as the output of an orchestration that threw.
                SerializedOutput = "Unhandled exception while executing orchestration: the deadline passed",
            });
        var api = Api(new StoreApiOptions());

        var result = await api.OperationAsync(client.Object, "provision-shop1", Actor.Anonymous, CancellationToken.None);

        Assert.Equal(200, result.Status);
        using var body = JsonDocument.Parse(result.Serialize());
        Assert.StartsWith("Unhandled exception", body.RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://{host}/", "http://shop1.localhost/")]
    [InlineData("https://{host}/", "https://shop1.localhost/")]
    [InlineData("http://{host}:18081/", "http://shop1.localhost:18081/")]
    public void StoreUrl_Template_PutsTheHostInIt(string template, string expected)
    {
        var naming = new StoreNaming(StoreName.Parse("shop1"), "localhost");

        Assert.Equal(new Uri(expected), naming.StoreUrl(template));
        Assert.Equal(new Uri(expected + "wp-admin/"), naming.AdminUrl(Urumi.Domain.Engines.WooCommerceEngine.EngineId, template));
    }

    [Theory]
    [InlineData("http://shop1.localhost/")]
    [InlineData("ftp://{host}/")]
    [InlineData("http://{host}/shop")]
    [InlineData("http://www.{host}/")]
    [InlineData("http://{host}/?a=1")]
    [InlineData("{host}")]
    public void Validate_BadPublicUrl_NamesTheSettingAndAnExample(string template)
    {
        var options = new StoreApiOptions { PublicUrl = template };
        var errors = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("Urumi:Stores:PublicUrl must be an http or https URL with {host} as its host name", Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultPublicUrl_IsValid()
    {
        var options = new StoreApiOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal("http://{host}/", options.PublicUrl);
    }

    private StoresApi Api(StoreApiOptions options) =>
        ApiHandlers.Stores(cluster.Object, new Mock<IAuditLog>().Object, claims.Object, options);
}
