using System.Net;
using Azure;
using Azure.Data.Tables;
using Urumi.ClusterSim.Api;
using Urumi.Server.Tests.EndToEnd;

namespace Urumi.Server.Tests.Hostile;

/// <summary>
/// One Urumi.Server on the cluster simulator with an admin and a member key, shared by every case of
/// the hostile-input suite, and the ways to see that nothing appeared: no namespace in the cluster,
/// no audit row, no store or operation in the task hub.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    public const string AdminKey = "hostile-admin-0123456789abcdef";
    public const string MemberKey = "hostile-member-0123456789abcdef";

    private Stack stack = null!;

    public int GrpcPort { get; } = Ports.Free();

    internal HostProcess Server => stack.Servers[0];

    public async Task InitializeAsync() =>
        stack = await Stack.StartAsync(overrides: new Dictionary<string, string>
        {
            ["Urumi__Server__ApiKeys__ops"] = AdminKey,
            ["Urumi__Server__ApiKeys__mallory"] = MemberKey,
            ["Urumi__Server__Admins__0"] = "ops",
            ["Urumi__Server__GrpcPort"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync() => await stack.DisposeAsync();

    public HttpClient Client() => stack.Client();

    /// <summary>What exists that a refused request could have made; empty when nothing appeared.</summary>
    public async Task<IReadOnlyList<string>> TracesAsync()
    {
        var traces = stack.Cluster.Store.List(ResourceCatalog.Namespaces)
            .Select(ns => ns["metadata"]!["name"]!.GetValue<string>())
            .Where(name => name.StartsWith("store-", StringComparison.Ordinal))
            .Select(name => "namespace " + name)
            .ToList();

        try
        {
            await foreach (var row in new TableClient(Azurite.ConnectionString, stack.AuditTable).QueryAsync<TableEntity>(maxPerPage: 10))
            {
                traces.Add($"audit row {row.PartitionKey}/{row.RowKey}");
            }
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // No audit table yet: nothing was ever recorded.
        }

        using var http = Client();
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var stores = await http.GetStringAsync(new Uri("api/stores", UriKind.Relative));
        if (stores != "{\"stores\":[]}")
        {
            traces.Add("stores " + stores);
        }

        var cleanup = await http.GetAsync(new Uri("api/operations/cleanup", UriKind.Relative));
        if (cleanup.StatusCode != HttpStatusCode.NotFound)
        {
            traces.Add("a cleanup operation");
        }

        return traces;
    }
}
