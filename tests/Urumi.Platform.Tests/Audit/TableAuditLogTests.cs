using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Audit;

namespace Urumi.Platform.Tests.Audit;

/// <summary>Against the real Azurite started by build/test.sh; every test writes to a table of its own.</summary>
public sealed class TableAuditLogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TableServiceClient service = new(Azurite.ConnectionString);
    private readonly string tableName = Azurite.UniqueTableName("AuditLogTests");
    private TableAuditLog log = null!;

    public Task InitializeAsync()
    {
        log = new TableAuditLog(service, Options.Create(new AuditOptions { ConnectionString = Azurite.ConnectionString, TableName = tableName }), NullLogger<TableAuditLog>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await service.DeleteTableAsync(tableName);

    [Fact]
    public async Task ReadAsync_Store_ReturnsOnlyThatStoreNewestFirst()
    {
        await RecordAsync(Entry("alpha", "op-1", "install", Start));
        await RecordAsync(Entry("beta", "op-2", "install", Start.AddMinutes(1)));
        await RecordAsync(Entry("alpha", "op-1", "verify", Start.AddMinutes(2)));
        await RecordAsync(Entry("alpha", "op-1", "ready", Start.AddMinutes(3)));

        var page = await log.ReadAsync("alpha", 50, null, CancellationToken.None);

        Assert.Equal(["ready", "verify", "install"], page.Entries.Select(e => e.Step));
        Assert.All(page.Entries, e => Assert.Equal("alpha", e.Store));
        Assert.Null(page.Continuation);
    }

    [Fact]
    public async Task ReadAsync_Global_ReturnsEveryStoreNewestFirstAcrossMonths()
    {
        await RecordAsync(Entry("alpha", "op-1", "install", Start.AddMonths(-1)));
        await RecordAsync(Entry("beta", "op-2", "install", Start));
        await RecordAsync(Entry("gamma", "op-3", "install", Start.AddMonths(1)));
        await RecordAsync(Entry("alpha", "op-4", "delete", Start.AddDays(1)));

        var page = await log.ReadAsync(null, 50, null, CancellationToken.None);

        Assert.Equal(["op-3", "op-4", "op-2", "op-1"], page.Entries.Select(e => e.OperationId));
        Assert.Null(page.Continuation);
    }

    [Fact]
    public async Task ReadAsync_RecordedEntry_RoundTripsEveryField()
    {
        var entry = new AuditEntry(Start, "alpha", "provision-alpha", "helm-install", "store.create", AuditOutcome.Failed, "operator@example.invalid", "Helm timed out.");
        await RecordAsync(entry);

        var page = await log.ReadAsync("alpha", 50, null, CancellationToken.None);

        Assert.Equal(entry, Assert.Single(page.Entries));
    }

    [Fact]
    public async Task RecordAsync_SameOperationAndStepTwice_KeepsOneRow()
    {
        var entry = Entry("alpha", "op-1", "install", Start);
        await RecordAsync(entry);

        await RecordAsync(entry);

        Assert.Single((await log.ReadAsync("alpha", 50, null, CancellationToken.None)).Entries);
        Assert.Single((await log.ReadAsync(null, 50, null, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task RecordAsync_RetryStampedLater_OverwritesTheFirstRow()
    {
        await RecordAsync(Entry("alpha", "op-1", "install", Start, AuditOutcome.Accepted));

        await RecordAsync(Entry("alpha", "op-1", "install", Start.AddSeconds(30), AuditOutcome.Succeeded));

        var row = Assert.Single((await log.ReadAsync("alpha", 50, null, CancellationToken.None)).Entries);
        Assert.Equal(Start, row.Time);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Single((await log.ReadAsync(null, 50, null, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task ReadAsync_StorePagedBy3_ReturnsEveryRowOnceInOrder()
    {
        var expected = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            await RecordAsync(Entry("alpha", $"op-{i}", "install", Start.AddMinutes(i)));
            expected.Insert(0, $"op-{i}");
        }

        var pages = await ReadAllAsync("alpha", pageSize: 3);

        Assert.Equal([3, 3, 2], pages.Select(p => p.Entries.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Entries).Select(e => e.OperationId));
    }

    [Fact]
    public async Task ReadAsync_GlobalPagedBy3AcrossMonths_ReturnsEveryRowOnceInOrder()
    {
        var expected = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            // Three months, 3-4 rows each, so pages straddle partition boundaries.
            await RecordAsync(Entry($"store{i % 3}", $"op-{i}", "install", Start.AddMonths(i / 4).AddMinutes(i)));
            expected.Insert(0, $"op-{i}");
        }

        var pages = await ReadAllAsync(store: null, pageSize: 3);

        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Entries.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Entries).Select(e => e.OperationId));
    }

    [Fact]
    public async Task ReadAsync_PageSizeAboveMaximum_ReturnsAtMost200()
    {
        var batch = Enumerable.Range(0, 201).Select(i => RecordAsync(Entry("alpha", $"op-{i}", "install", Start.AddSeconds(i))));
        await Task.WhenAll(batch);

        var page = await log.ReadAsync("alpha", 10_000, null, CancellationToken.None);

        Assert.Equal(TableAuditLog.MaxPageSize, page.Entries.Count);
        Assert.NotNull(page.Continuation);
    }

    [Fact]
    public async Task ReadAsync_ContinuationOfAnotherStore_ThrowsValidationError()
    {
        for (var i = 0; i < 3; i++)
        {
            await RecordAsync(Entry("alpha", $"op-{i}", "install", Start.AddMinutes(i)));
        }

        var first = await log.ReadAsync("alpha", 2, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => log.ReadAsync("beta", 2, first.Continuation, CancellationToken.None));
        Assert.Equal("continuation", error.Field);
    }

    [Fact]
    public async Task ReadAsync_NothingRecorded_ReturnsEmptyPage()
    {
        var page = await log.ReadAsync(null, 50, null, CancellationToken.None);

        Assert.Empty(page.Entries);
        Assert.Null(page.Continuation);
    }

    [Fact]
    public async Task RecordAsync_KeyReservedCharacters_RoundTrip()
    {
        var entry = new AuditEntry(Start, "alpha", "op/1#x?%", "step|\\2", "store.create", AuditOutcome.Info, "system", null);
        await RecordAsync(entry);

        var page = await log.ReadAsync("alpha", 50, null, CancellationToken.None);

        Assert.Equal(entry, Assert.Single(page.Entries));
    }

    private Task RecordAsync(AuditEntry entry) => log.RecordAsync(entry, CancellationToken.None);

    private async Task<List<AuditPage>> ReadAllAsync(string? store, int pageSize)
    {
        var pages = new List<AuditPage>();
        string? continuation = null;
        do
        {
            var page = await log.ReadAsync(store, pageSize, continuation, CancellationToken.None);
            pages.Add(page);
            continuation = page.Continuation;
        }
        while (continuation is not null && pages.Count < 100);

        return pages;
    }

    private static AuditEntry Entry(string store, string operation, string step, DateTimeOffset time, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        new(time, store, operation, step, "store.create", outcome, "operator", $"{operation} {step}");
}
