using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Platform.Audit;

namespace Urumi.Platform.Tests.Audit;

/// <summary>Audit retention against the real Azurite started by build/test.sh.</summary>
public sealed class TableAuditRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TableServiceClient service = new(Azurite.ConnectionString);
    private readonly string tableName = Azurite.UniqueTableName("AuditRetentionTests");
    private TableAuditLog log = null!;

    public Task InitializeAsync()
    {
        log = new TableAuditLog(service, Options.Create(new AuditOptions { ConnectionString = Azurite.ConnectionString, TableName = tableName }), NullLogger<TableAuditLog>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await service.DeleteTableAsync(tableName);

    private Task RecordAsync(string store, string operation, DateTimeOffset time) =>
        log.RecordAsync(new AuditEntry(time, store, operation, "accepted", "create", AuditOutcome.Accepted, "alice", null), CancellationToken.None);

    [Fact]
    public async Task RemoveOlderThanAsync_MixedAges_RemovesOnlyOlderEntriesFromBothTrails()
    {
        await RecordAsync("alpha", "op-old", Start.AddMonths(-2));
        await RecordAsync("alpha", "op-edge", Start.AddDays(-1));
        await RecordAsync("alpha", "op-new", Start.AddDays(1));
        await RecordAsync("beta", "op-beta", Start.AddMonths(-3));

        var removed = await log.RemoveOlderThanAsync(Start, CancellationToken.None);

        Assert.Equal(3, removed);
        Assert.Equal(["op-new"], (await log.ReadAsync(null, 50, null, CancellationToken.None)).Entries.Select(e => e.OperationId));
        Assert.Equal(["op-new"], (await log.ReadAsync("alpha", 50, null, CancellationToken.None)).Entries.Select(e => e.OperationId));
        Assert.Empty((await log.ReadAsync("beta", 50, null, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task RemoveOlderThanAsync_RemovedEntryRecordedAgain_IsWrittenAfresh()
    {
        await RecordAsync("alpha", "op-old", Start.AddMonths(-2));
        await log.RemoveOlderThanAsync(Start, CancellationToken.None);

        await RecordAsync("alpha", "op-old", Start.AddDays(2));

        Assert.Equal(Start.AddDays(2), Assert.Single((await log.ReadAsync("alpha", 50, null, CancellationToken.None)).Entries).Time);
    }

    [Fact]
    public async Task RemoveOlderThanAsync_NothingOld_RemovesNothing()
    {
        await RecordAsync("alpha", "op-new", Start.AddDays(1));

        Assert.Equal(0, await log.RemoveOlderThanAsync(Start, CancellationToken.None));
        Assert.Single((await log.ReadAsync(null, 50, null, CancellationToken.None)).Entries);
    }
}
