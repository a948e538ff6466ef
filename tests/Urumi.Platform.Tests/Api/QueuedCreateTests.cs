using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain.Ports;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Durable;
using Urumi.Platform.Storage;
using Urumi.Testing;

namespace Urumi.Platform.Tests.Api;

/// <summary>
/// A single create on a host that queues it (Urumi.Server): answered once the claim holds the start,
/// shown as accepted by every read until it is scheduled, to its owner only. Real claims (Azurite),
/// moq'd cluster and task hub.
/// </summary>
public sealed class QueuedCreateTests
{
    private static readonly Actor Alice = new("alice", ActorRole.Member);
    private static readonly Actor Bob = new("bob", ActorRole.Member);
    private static readonly Actor Ops = new("ops", ActorRole.Admin);

    private readonly Mock<ICluster> cluster = new();
    private readonly Mock<DurableTaskClient> client = new Mock<DurableTaskClient>("test").WithLive();
    private readonly TableOperationClaims claims = new(new TableServiceClient(Azurite.ConnectionString), Azurite.UniqueTableName("Accepted"), TimeProvider.System);
    private readonly QueuedStarts queue = new();
    private readonly StoresApi api;

    public QueuedCreateTests()
    {
        cluster.Setup(c => c.ListStoresAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        api = ApiHandlers.Stores(cluster.Object, new Mock<IAuditLog>().Object, claims, new StoreApiOptions { BaseDomain = "shops.test" }, queue: queue);
    }

    [Fact]
    public async Task Create_QueuingHost_Answers202AndQueuesTheStartWithoutScheduling()
    {
        var result = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Alice, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.Equal("/api/operations/provision-shop1", result.Headers["Location"]);
        Assert.True(queue.Reader.TryRead(out var start));
        Assert.Equal(("shop1", "provision-shop1", ProvisionStoreWorkflow.Name), (start.Store, start.InstanceId, start.Orchestrator));
        Assert.Equal("alice", DurableJson.Read<ProvisionStoreInput>(start.Input)!.Spec.Owner);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Create_SecondCreateBeforeTheFirstIsScheduled_Is409()
    {
        await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Alice, CancellationToken.None);

        var second = await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Bob, CancellationToken.None);

        Assert.Equal(409, second.Status);
        Assert.True(queue.Reader.TryRead(out _));
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Reads_AcceptedNotScheduled_ShowTheCreateAsPendingToItsOwnerAndAdmins()
    {
        await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Alice, CancellationToken.None);

        foreach (var actor in new[] { Alice, Ops })
        {
            var store = await api.GetAsync(client.Object, "shop1", actor, CancellationToken.None);
            var operation = await api.OperationAsync(client.Object, "provision-shop1", actor, CancellationToken.None);
            var list = await api.ListAsync(client.Object, actor, CancellationToken.None);

            Assert.Equal(200, store.Status);
            Assert.Equal("provisioning", Json(store).GetProperty("status").GetString());
            Assert.Equal("accepted", Json(store).GetProperty("progress").GetProperty("step").GetString());
            Assert.Equal(202, operation.Status);
            Assert.Equal("Pending", Json(operation).GetProperty("runtimeStatus").GetString());
            Assert.Equal(["shop1"], Json(list).GetProperty("stores").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task Reads_AnotherMembersAcceptedCreate_AnswerAsMissing()
    {
        await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Alice, CancellationToken.None);

        Assert.Equal(404, (await api.GetAsync(client.Object, "shop1", Bob, CancellationToken.None)).Status);
        Assert.Equal(404, (await api.OperationAsync(client.Object, "provision-shop1", Bob, CancellationToken.None)).Status);
        Assert.Empty(Json(await api.ListAsync(client.Object, Bob, CancellationToken.None)).GetProperty("stores").EnumerateArray());
    }

    [Fact]
    public async Task Get_ScheduledBetweenTheReads_ShowsTheInstance()
    {
        await api.CreateAsync(client.Object, new CreateStoreRequest("shop1", null, null, null), Alice, CancellationToken.None);
        Assert.True(queue.Reader.TryRead(out var start));
        var scheduler = new QueuedStartScheduler(claims, TestMetrics.Create(), Options.Create(new QueuedStartOptions()), TimeProvider.System, NullLogger<QueuedStartScheduler>.Instance);
        Assert.True(await scheduler.ScheduleAsync(client.Object, start, checkFirst: false, attempts: 1, CancellationToken.None));
        var running = new OrchestrationMetadata(ProvisionStoreWorkflow.Name, "provision-shop1") { RuntimeStatus = OrchestrationRuntimeStatus.Running };
        // The first read of the instance misses it (not scheduled yet), the read after the claim finds it.
        client.SetupSequence(c => c.GetInstanceAsync("provision-shop1", true, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null).ReturnsAsync(running);

        var operation = await api.OperationAsync(client.Object, "provision-shop1", Ops, CancellationToken.None);

        Assert.Equal(202, operation.Status);
        Assert.Equal("Running", Json(operation).GetProperty("runtimeStatus").GetString());
    }

    private static JsonElement Json(ApiResult result) => JsonDocument.Parse(result.Serialize()).RootElement;
}
