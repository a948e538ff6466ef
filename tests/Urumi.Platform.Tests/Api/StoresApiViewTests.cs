using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Cleanup;
using Microsoft.DurableTask.Converters;
using Urumi.Platform.Durable;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>How the store view merges the cluster's phase with the store's latest operation.</summary>
public sealed class StoresApiViewTests
{
    /// <summary>Writes payloads as both hosts' durable runtime does.</summary>
    private static readonly JsonDataConverter Converter = new(DurableJson.Options);

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
                // As the durable runtime stored it before DurableJson: .NET default names.
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
    public void OperationView_BatchStoredWithPascalCaseNamesBeforeTheConverter_ProgressAndResultInTheApisCamelCase()
    {
        var result = new BatchProvisionResult(1, 0, [new ProvisionStoreResult(StoreName.Parse("shop1"), StoreStatus.Ready, new Uri("http://shop1.localhost/"), null, null, 42)]);
        var instance = new OrchestrationMetadata(BatchProvisionWorkflow.Name, "batch-1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            // As the durable runtime stored them before DurableJson: .NET default (PascalCase) names.
            SerializedCustomStatus = JsonSerializer.Serialize(new BatchProgress(1, 1, 1, 0)),
            SerializedOutput = JsonSerializer.Serialize(result),
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        Assert.Equal(1, body.RootElement.GetProperty("progress").GetProperty("finished").GetInt32());
        var store = body.RootElement.GetProperty("output").GetProperty("stores")[0];
        Assert.Equal("shop1", store.GetProperty("store").GetString());
        Assert.Equal("ready", store.GetProperty("status").GetString());
    }

    [Fact]
    public void OperationView_ProvisionWrittenByTheDurableConverter_ProgressAndResultReadAsTheirContracts()
    {
        var progress = OperationProgress.Create("provision", "shop1", Steps.WaitingForPods, 40, "Waiting for pods.", DateTime.UtcNow,
            [new PodState("web-0", "Pending", false, PodProblem.ImagePullBackOff, 0, "Back-off pulling image")]);
        var result = new ProvisionStoreResult(StoreName.Parse("shop1"), StoreStatus.Ready, new Uri("http://shop1.localhost/"), null, null, 42);
        var instance = new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            SerializedCustomStatus = Converter.Serialize(progress),
            SerializedOutput = Converter.Serialize(result),
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        var pod = body.RootElement.GetProperty("progress").GetProperty("pods")[0];
        Assert.Equal("web-0", pod.GetProperty("name").GetString());
        Assert.Equal("imagePullBackOff", pod.GetProperty("problem").GetString());
        Assert.Equal(Steps.WaitingForPods, body.RootElement.GetProperty("progress").GetProperty("step").GetString());
        Assert.Equal("ready", body.RootElement.GetProperty("output").GetProperty("status").GetString());
        Assert.Equal(42, body.RootElement.GetProperty("output").GetProperty("testOrderId").GetInt64());
    }

    [Fact]
    public void OperationView_FailedWithoutFailureDetails_FailureIsTheReasonTheWorkflowReported()
    {
        const string reason = "pod shop1-web cannot pull image (rolled back to revision 1; the store runs it again)";
        var progress = OperationProgress.Create("upgrade", "shop1", Steps.Failed, 100, "Upgrade failed.", DateTime.UtcNow, error: reason);
        var instance = new OrchestrationMetadata(UpgradeStoreWorkflow.Name, "upgrade-shop1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            SerializedCustomStatus = Converter.Serialize(progress),
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        Assert.Equal(reason, body.RootElement.GetProperty("failure").GetString());
    }

    [Fact]
    public void OperationView_CleanupWrittenByTheDurableConverter_ShownInFullWithTheReportsValueNames()
    {
        var item = new CleanupItem(CleanupKind.StuckRelease, CleanupAction.Uninstall, "pend", "pend", "pending-install for 31 minutes", CleanupOutcome.Done, null);
        var result = new CleanupResult(false, DateTime.UtcNow, 0, 1, 0, 0, 0, 0, [item]);
        var instance = new OrchestrationMetadata(CleanupWorkflow.Name, "cleanup-1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            SerializedOutput = Converter.Serialize(result),
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        var output = body.RootElement.GetProperty("output");
        Assert.Equal(1, output.GetProperty("recovered").GetInt32());
        var reported = output.GetProperty("items")[0];
        Assert.Equal("StuckRelease", reported.GetProperty("kind").GetString());
        Assert.Equal("Uninstall", reported.GetProperty("action").GetString());
        Assert.Equal("Done", reported.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, reported.GetProperty("detail").ValueKind);
    }

    [Fact]
    public void OperationView_FailedOrchestrationsPlainTextOutput_ShownAsText()
    {
        var instance = new OrchestrationMetadata(CleanupWorkflow.Name, "cleanup-1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            SerializedOutput = "the deadline passed",
        };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(StoreViews.OperationView(instance), ApiResult.JsonOptions));

        Assert.Equal("the deadline passed", body.RootElement.GetProperty("output").GetString());
    }
}
