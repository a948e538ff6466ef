using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Platform.Audit;

namespace Urumi.Platform.Tests.Audit;

public sealed class AuditRegistrationTests
{
    [Fact]
    public void AddUrumiAudit_NoConnectionString_FailsStartValidationWithClearMessage()
    {
        using var provider = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("set Urumi:Audit:ConnectionString or AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUrumiAudit_OnlyAzureWebJobsStorage_UsesItAsConnectionString()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var options = provider.GetRequiredService<IOptions<AuditOptions>>().Value;

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal("UrumiAudit", options.TableName);
    }

    [Fact]
    public void AddUrumiAudit_InvalidTableName_FailsStartValidation()
    {
        using var provider = Build(new() { ["Urumi:Audit:ConnectionString"] = "UseDevelopmentStorage=true", ["Urumi:Audit:TableName"] = "audit-log" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TableName must be 3-63 letters or digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUrumiAudit_AzuriteConnectionString_RecordsAndReadsThroughContainer()
    {
        var table = Azurite.UniqueTableName("AuditRegistration");
        using var provider = Build(new() { ["Urumi:Audit:ConnectionString"] = Azurite.ConnectionString, ["Urumi:Audit:TableName"] = table });
        var log = provider.GetRequiredService<IAuditLog>();
        try
        {
            await log.RecordAsync(new AuditEntry(DateTimeOffset.UtcNow, "alpha", "op-1", "install", "store.create", AuditOutcome.Accepted, "operator", null), CancellationToken.None);

            var page = await log.ReadAsync("alpha", 10, null, CancellationToken.None);

            Assert.Single(page.Entries);
        }
        finally
        {
            await provider.GetRequiredService<TableServiceClient>().DeleteTableAsync(table);
        }
    }

    [Fact]
    public async Task AddUrumiAudit_OtherTableServiceClientRegisteredFirst_WritesToAuditAccount()
    {
        var table = Azurite.UniqueTableName("AuditRegistration");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urumi:Audit:ConnectionString"] = Azurite.ConnectionString,
            ["Urumi:Audit:TableName"] = table,
        }).Build());
        services.AddLogging();
        services.AddSingleton(new TableServiceClient(UnreachableConnectionString, new TableClientOptions()));
        services.AddUrumiAudit();
        using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<IAuditLog>();
        try
        {
            await log.RecordAsync(new AuditEntry(DateTimeOffset.UtcNow, "alpha", "op-1", "install", "store.create", AuditOutcome.Accepted, "operator", null), CancellationToken.None);

            var page = await log.ReadAsync("alpha", 10, null, CancellationToken.None);

            Assert.Single(page.Entries);
        }
        finally
        {
            await new TableServiceClient(Azurite.ConnectionString).DeleteTableAsync(table);
        }
    }

    [Fact]
    public async Task RecordAsync_StorageUnreachable_ThrowsTransientException()
    {
        var options = TableAuditLog.ClientOptions(new AuditOptions { MaxRetries = 0 });
        var service = new TableServiceClient(UnreachableConnectionString, options);
        var log = new TableAuditLog(service, Options.Create(new AuditOptions { TableName = "Unreachable" }), Microsoft.Extensions.Logging.Abstractions.NullLogger<TableAuditLog>.Instance);

        var error = await Assert.ThrowsAsync<TransientException>(() => log.RecordAsync(
            new AuditEntry(DateTimeOffset.UtcNow, "alpha", "op-1", "install", "store.create", AuditOutcome.Info, "system", null), CancellationToken.None));

        Assert.Contains("audit table 'Unreachable'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Port 1 on loopback: nothing listens, so every request is refused at once.</summary>
    private static string UnreachableConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddUrumiAudit();
        return services.BuildServiceProvider();
    }
}
