using Urumi.Server.Hosting;

namespace Urumi.Server.Tests;

public sealed class DurableSettingsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("urumi-hostjson-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Load_RepositoryHostJson_ReadsHubConcurrencyTimeoutsAndSessions()
    {
        var settings = DurableSettings.Load(DurableSettings.Find(AppContext.BaseDirectory)!);

        Assert.Equal("UrumiHub", settings.HubName);
        Assert.Equal(8, settings.MaxConcurrentActivities);
        Assert.Equal(20, settings.MaxConcurrentOrchestrations);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.WorkItemQueueVisibilityTimeout);
        Assert.False(settings.ExtendedSessions);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ExtendedSessionIdleTimeout);
    }

    [Fact]
    public void Load_NoDurableSection_KeepsDefaults()
    {
        var path = Write("""{ "version": "2.0" }""");

        Assert.Equal(DurableSettings.Defaults, DurableSettings.Load(path));
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        var path = Write("""
            {
              // the hub
              "extensions": { "durableTask": { "hubName": "Other", "maxConcurrentActivityFunctions": 3, } }
            }
            """);

        var settings = DurableSettings.Load(path);

        Assert.Equal("Other", settings.HubName);
        Assert.Equal(3, settings.MaxConcurrentActivities);
    }

    [Fact]
    public void Load_BadTimeSpan_ThrowsNamingTheKey()
    {
        var path = Write("""{ "extensions": { "durableTask": { "storageProvider": { "maxQueuePollingInterval": "soon" } } } }""");

        var error = Assert.Throws<FormatException>(() => DurableSettings.Load(path));

        Assert.Contains("maxQueuePollingInterval", error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(directory, "host.json");
        File.WriteAllText(path, json);
        return path;
    }
}
