using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>How the store view merges the cluster's phase with the store's latest operation.</summary>
public sealed class StoresApiViewTests
{
    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<DurableTaskClient> client = new("test");

    [Fact]
    public async Task Get_ProvisionFailedBeforeMarkingTheStore_ShowsFailedWithTheReason()
    {
        var name = StoreName.Parse("shop1");
        cluster.Setup(c => c.GetStoreAsync(name, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ManagedStore(name, "store-shop1", "woocommerce", "small", "anonymous", "shop1.localhost", StoreStatus.Provisioning, null, DateTimeOffset.UtcNow, null, false));
        var progress = OperationProgress.Create("provision", "shop1", Steps.Failed, 100, "Provisioning was refused.", DateTime.UtcNow, error: "secrets is forbidden: cannot create resource \"secrets\"");
        client.Setup(c => c.GetInstanceAsync("provision-shop1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                // As the durable runtime stores it: .NET default names.
                SerializedCustomStatus = JsonSerializer.Serialize(progress),
            });

        var result = await Api().GetAsync(client.Object, "shop1", Actor.Anonymous, CancellationToken.None);

        Assert.Equal(200, result.Status);
        using var body = JsonDocument.Parse(result.Serialize());
        Assert.Equal("failed", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("secrets is forbidden", body.RootElement.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ProvisionStillRunning_ShowsProvisioning()
    {
        var name = StoreName.Parse("shop1");
        cluster.Setup(c => c.GetStoreAsync(name, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ManagedStore(name, "store-shop1", "woocommerce", "small", "anonymous", "shop1.localhost", StoreStatus.Provisioning, null, DateTimeOffset.UtcNow, null, false));
        client.Setup(c => c.GetInstanceAsync("provision-shop1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        var result = await Api().GetAsync(client.Object, "shop1", Actor.Anonymous, CancellationToken.None);

        using var body = JsonDocument.Parse(result.Serialize());
        Assert.Equal("provisioning", body.RootElement.GetProperty("status").GetString());
    }

    private StoresApi Api() =>
        ApiHandlers.Stores(cluster.Object, new Mock<IAuditLog>().Object, new Mock<IOperationClaims>().Object);

    [Fact]
    public void OperationView_BatchAsTheRuntimeStoresIt_ProgressAndResultInTheApisCamelCase()
    {
        var result = new BatchProvisionResult(1, 0, [new ProvisionStoreResult(StoreName.Parse("shop1"), StoreStatus.Ready, new Uri("http://shop1.localhost/"), null, null, 42)]);
        var instance = new OrchestrationMetadata(BatchProvisionWorkflow.Name, "batch-1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            // As the durable runtime stores them: .NET default (PascalCase) names.
            SerializedCustomStatus = JsonSerializer.Serialize(new BatchProgress(1, 1, 1, 0)),
            SerializedOutput = JsonSerializer.Serialize(result),
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        Assert.Equal(1, body.RootElement.GetProperty("progress").GetProperty("finished").GetInt32());
        var store = body.RootElement.GetProperty("output").GetProperty("stores")[0];
        Assert.Equal("shop1", store.GetProperty("store").GetString());
        Assert.Equal("ready", store.GetProperty("status").GetString());
    }
}
