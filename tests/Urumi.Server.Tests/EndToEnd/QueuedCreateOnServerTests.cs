using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Api;
using Urumi.Platform.Durable;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// Urumi.Server answers a create once the claim holds the start and schedules it right after (the
/// Functions host schedules inline, so this is the Server's alone): an accepted create is never a
/// 404, and a start a dead replica left pending is scheduled by the sweeper.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class QueuedCreateOnServerTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Create_ReadAtOnceAndUntilReady_NeverAnswers404()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Server);
        using var http = stack.Client();

        var accepted = await http.PostJsonAsync("api/stores", new { name = "quick" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var answers = new List<(string What, HttpStatusCode Status)>();
        var ready = await Eventually.ValueAsync(
            async () =>
            {
                using var operation = await http.GetAsync(new Uri("api/operations/provision-quick", UriKind.Relative));
                using var store = await http.GetAsync(new Uri("api/stores/quick", UriKind.Relative));
                answers.Add(("operation", operation.StatusCode));
                answers.Add(("store", store.StatusCode));
                return store.StatusCode == HttpStatusCode.OK ? await store.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            view => view.ValueKind == JsonValueKind.Object && view.GetProperty("status").GetString() is "ready" or "failed",
            "store quick settling",
            Settle);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.DoesNotContain(answers, a => a.Status == HttpStatusCode.NotFound);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{a.What}: {a.Status}"));
    }

    [SkippableFact]
    public async Task Sweep_StartLeftPendingByADeadReplica_IsScheduledAndTheStoreBecomesReady()
    {
        await using var stack = await Hosts.StartAsync(HostKind.Server);
        using var http = stack.Client();
        await LeavePendingStartAsync(stack, "orphan");

        var accepted = await http.GetFromJsonAsync<JsonElement>("api/stores/orphan");
        var ready = await Stack.WaitForStoreAsync(http, "orphan", Settle);

        Assert.Equal("provisioning", accepted.GetProperty("status").GetString());
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var operation = await Stack.WaitForOperationAsync(http, "provision-orphan", Settle);
        Assert.Equal("Completed", operation.GetProperty("runtimeStatus").GetString());
    }

    /// <summary>The claim row a replica writes for a queued create, as it stays when the replica dies right after its 202.</summary>
    private static async Task LeavePendingStartAsync(Stack stack, string name)
    {
        var settings = new StoreApiOptions { ProvisioningDeadline = TimeSpan.FromSeconds(90), ReadinessSlice = TimeSpan.FromSeconds(10), VerifyFirstRetry = TimeSpan.FromSeconds(1) };
        var now = DateTimeOffset.UtcNow;
        var input = new ProvisionStoreInput(
            new StoreSpec(StoreName.Parse(name), "woocommerce", "small", "anonymous", now, null), settings.BaseDomain, "anonymous", settings.ProvisioningPolicy(), settings.PublicUrl);
        var table = new TableClient(Azurite.ConnectionString, stack.ClaimsTable);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity(name, "operation")
        {
            ["InstanceId"] = WorkflowIds.Provision(StoreName.Parse(name)),
            ["ClaimedAt"] = now,
            ["AcceptedAt"] = now,
            ["Orchestrator"] = ProvisionStoreWorkflow.Name,
            ["Input"] = JsonSerializer.Serialize(input, DurableJson.Options),
            ["Pending"] = true,
        });
    }
}
