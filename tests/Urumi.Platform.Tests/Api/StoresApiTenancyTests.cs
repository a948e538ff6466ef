using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Platform.Api;
using Urumi.Testing;
using Urumi.Platform.Tests.Kubernetes;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Tests.Api;

/// <summary>
/// Tenant isolation in the shared handlers, against the real Kubernetes adapter on the cluster
/// simulator and an in-process task hub: a member's view of another owner's store is a missing one.
/// </summary>
public sealed class StoresApiTenancyTests : KubernetesTestBase
{
    private static readonly Actor Alice = new("alice", ActorRole.Member);
    private static readonly Actor Bob = new("bob", ActorRole.Member);
    private static readonly Actor Ops = new("ops", ActorRole.Admin);

    private readonly Mock<IAuditLog> audit = new();
    private readonly Mock<IOperationClaims> claims = new();
    private DurableTaskTestHost host = null!;
    private StoresApi api = null!;

    private DurableTaskClient Client => host.Client;

    private async Task StartAsync()
    {
        host = await DurableTaskTestHost.StartAsync(_ => { }, new DurableTaskTestHostOptions { Port = Ports.Free() });
        var cluster = CreateCluster();
        api = ApiHandlers.Stores(cluster, audit.Object, claims.Object, new StoreApiOptions { BaseDomain = "shops.test" });
        await SeedStoreAsync(cluster, "alices", "alice", StoreStatus.Ready);
        await SeedStoreAsync(cluster, "failed", "alice", StoreStatus.Failed);
        await SeedStoreAsync(cluster, "bobs", "bob", StoreStatus.Ready);
    }

    [Fact]
    public async Task Reads_MemberAsksForAnotherOwnersStore_AnswersExactlyAsForAMissingStore()
    {
        await StartAsync();
        await using var _ = host;
        var missing = await api.GetAsync(Client, "nosuch", Bob, CancellationToken.None);

        var get = await api.GetAsync(Client, "alices", Bob, CancellationToken.None);
        var events = await api.EventsAsync(Client, "alices", null, null, Bob, CancellationToken.None);
        var credentials = await api.CredentialsAsync("alices", Bob, CancellationToken.None);

        Assert.Equal(404, missing.Status);
        Assert.Equal(missing.Serialize().Replace("nosuch", "alices", StringComparison.Ordinal), get.Serialize());
        Assert.Equal(missing.Serialize().Replace("nosuch", "alices", StringComparison.Ordinal), events.Serialize());
        Assert.Equal(404, credentials.Status);
        Assert.Equal(ProblemTypes.NotFound, Assert.IsType<ProblemBody>(credentials.Body).Type);
        audit.Verify(a => a.RecordAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()), Times.Never);
        audit.Verify(a => a.ReadAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Reads_OwnerAndAdmin_SeeTheStoreAndItsCredentials()
    {
        await StartAsync();
        await using var _ = host;

        Assert.Equal(200, (await api.GetAsync(Client, "alices", Alice, CancellationToken.None)).Status);
        Assert.Equal(200, (await api.GetAsync(Client, "alices", Ops, CancellationToken.None)).Status);
        Assert.Equal(200, (await api.CredentialsAsync("alices", Alice, CancellationToken.None)).Status);
        Assert.Equal(200, (await api.CredentialsAsync("alices", Ops, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task List_Member_SeesOnlyItsOwnStores()
    {
        await StartAsync();
        await using var _ = host;

        Assert.Equal(["bobs"], Names(await api.ListAsync(Client, Bob, CancellationToken.None)));
        Assert.Equal(["alices", "bobs", "failed"], Names(await api.ListAsync(Client, Ops, CancellationToken.None)));
    }

    [Fact]
    public async Task Delete_MemberOfAnotherOwnersStore_Returns404AndStartsNothing()
    {
        await StartAsync();
        await using var _ = host;

        var result = await api.DeleteAsync(Client, "alices", Bob, CancellationToken.None);

        Assert.Equal(404, result.Status);
        Assert.Null(await Client.GetInstanceAsync("delete-alices"));
        claims.Verify(c => c.TryClaimAsync(It.IsAny<DurableTaskClient>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Delete_Owner_StartsTheDeletion()
    {
        await StartAsync();
        await using var _ = host;

        var result = await api.DeleteAsync(Client, "alices", Alice, CancellationToken.None);

        Assert.Equal(202, result.Status);
        Assert.NotNull(await Client.GetInstanceAsync("delete-alices"));
    }

    [Fact]
    public async Task Create_MemberNamesAnotherOwnersFailedStore_Returns409AndNeverReprovisions()
    {
        await StartAsync();
        await using var _ = host;

        var result = await api.CreateAsync(Client, new CreateStoreRequest("failed", null, null, null), Bob, CancellationToken.None);

        Assert.Equal(409, result.Status);
        Assert.Equal(ProblemTypes.StoreExists, Assert.IsType<ProblemBody>(result.Body).Type);
        Assert.Null(await Client.GetInstanceAsync("provision-failed"));
    }

    [Fact]
    public async Task Operation_MemberAsksForAnotherOwnersOperation_Returns404()
    {
        await StartAsync();
        await using var _ = host;
        Assert.Equal(202, (await api.DeleteAsync(Client, "alices", Alice, CancellationToken.None)).Status);

        Assert.Equal(404, (await api.OperationAsync(Client, "delete-alices", Bob, CancellationToken.None)).Status);
        Assert.NotEqual(404, (await api.OperationAsync(Client, "delete-alices", Alice, CancellationToken.None)).Status);
        Assert.NotEqual(404, (await api.OperationAsync(Client, "delete-alices", Ops, CancellationToken.None)).Status);
    }

    private static List<string> Names(ApiResult result) =>
        Assert.IsType<StoreList>(result.Body).Stores.Select(s => s.Name).ToList();

    private static async Task SeedStoreAsync(ICluster cluster, string name, string owner, StoreStatus phase)
    {
        var naming = new StoreNaming(StoreName.Parse(name), "shops.test");
        var spec = new StoreSpec(naming.Store, "woocommerce", "small", owner, DateTimeOffset.UtcNow, null);
        await cluster.PrepareNamespaceAsync(
            new NamespaceSpec(naming.Namespace, naming.NamespaceLabels(spec.Engine, spec.Plan), naming.NamespaceAnnotations(spec, "seed")), CancellationToken.None);
        await cluster.EnsureCredentialsAsync(naming.Namespace, naming.CredentialsSecret, naming.CommonLabels(spec.Engine, spec.Plan), CancellationToken.None);
        await cluster.SetPhaseAsync(naming.Namespace, phase, null, CancellationToken.None);
    }
}
