using System.Text.Json.Nodes;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;
using Urumi.Testing;

namespace Urumi.Functions.Tests;

/// <summary>
/// The repository's host.json, checked by the Durable extension's own option validation (the code the
/// Functions host runs at start-up), so a value the host would refuse fails here and not on deployment.
/// </summary>
public sealed class HostJsonTests
{
    [Fact]
    public void DurableTask_RepositoryHostJson_PassesTheExtensionsValidation()
    {
        var storage = StorageProvider(File.ReadAllText(Path.Combine(Repository.Root, "host.json")));

        storage.Validate(NullLogger.Instance);

        Assert.InRange(storage.ControlQueueVisibilityTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public void DurableTask_ControlQueueVisibilityOf30Seconds_IsRefusedAsTheHostWould()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "host.json")))!;
        json["extensions"]!["durableTask"]!["storageProvider"]!["controlQueueVisibilityTimeout"] = "00:00:30";

        var error = Assert.Throws<InvalidOperationException>(() => StorageProvider(json.ToJsonString()).Validate(NullLogger.Instance));

        Assert.Contains("ControlQueueVisibilityTimeout must be between 1 and 60 minutes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The <c>storageProvider</c> section bound the way the extension binds it (Newtonsoft, case-insensitive).</summary>
    private static AzureStorageOptions StorageProvider(string hostJson)
    {
        var section = JsonNode.Parse(hostJson, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!["extensions"]!["durableTask"]!["storageProvider"]!;
        return JsonConvert.DeserializeObject<AzureStorageOptions>(section.ToJsonString())!;
    }
}
