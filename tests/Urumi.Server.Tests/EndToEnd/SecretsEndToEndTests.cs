using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Urumi.ClusterSim.Api;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>Generated passwords live only in the store's Secret: nowhere in storage, logs, the Helm release, other cluster objects or API answers.</summary>
public abstract class SecretsEndToEndTests(HostKind host)
{
    private static readonly string[] PasswordKeys = ["admin-password", "db-password", "db-root-password", "wp-app-password"];

    [SkippableFact]
    public async Task CreateFailAndDelete_ScanEverything_NoGeneratedPasswordOutsideItsSecret()
    {
        await using var stack = await Hosts.StartAsync(host);
        using var http = stack.Client();
        using var broken = stack.Cluster.Faults.Add(new Urumi.ClusterSim.Faults.FaultRule { Kind = Urumi.ClusterSim.Faults.FaultKind.ImagePullBackOff, Namespace = "store-leaky2", Name = "leaky2-wordpress*" });
        await http.PostJsonAsync("api/stores", new { name = "leaky1" });
        await http.PostJsonAsync("api/stores", new { name = "leaky2" });
        Assert.Equal("ready", (await Stack.WaitForStoreAsync(http, "leaky1", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        Assert.Equal("failed", (await Stack.WaitForStoreAsync(http, "leaky2", TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
        var secrets = Passwords(stack, "store-leaky1", "leaky1-credentials").Concat(Passwords(stack, "store-leaky2", "leaky2-credentials")).ToList();
        Assert.Equal(8, secrets.Distinct().Count());

        var haystacks = new List<(string Where, string Text)>
        {
            ("helm release secret", HelmReleaseText(stack, "store-leaky1", "leaky1")),
            ("simulator objects before the delete", SimulatorText(stack)),
        };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("api/stores/leaky1/credentials", UriKind.Relative))).StatusCode);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.DeleteAsync(new Uri("api/stores/leaky1", UriKind.Relative))).StatusCode);
        await Stack.WaitForOperationAsync(http, "delete-leaky1", TimeSpan.FromSeconds(90));

        // Every API answer but the credentials themselves.
        foreach (var path in new[]
        {
            "api/stores", "api/stores/leaky2", "api/stores/leaky1/events?pageSize=200", "api/stores/leaky2/events?pageSize=200", "api/events?pageSize=200",
            "api/operations/provision-leaky1", "api/operations/provision-leaky2", "api/operations/delete-leaky1", "api/health",
        })
        {
            // Read whatever the status: health may answer 503 on a loaded machine, and its body counts too.
            haystacks.Add(($"GET {path}", await (await http.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync()));
        }

        haystacks.Add(("simulator objects after the delete", SimulatorText(stack)));
        haystacks.AddRange(await StorageTextAsync(stack.HubName, stack.AuditTable, stack.ClaimsTable));
        haystacks.AddRange(stack.Servers.Select((s, i) => ($"{s.Name} log {i}", s.Output)));

        Assert.Contains(haystacks, h => h.Text.Contains("leaky1", StringComparison.Ordinal));
        Assert.Contains(haystacks, h => h.Where.StartsWith("GET api/stores/leaky1/events", StringComparison.Ordinal) && h.Text.Contains("read-credentials", StringComparison.Ordinal));
        foreach (var (where, text) in haystacks)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a generated password appears in {where}");
                Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), StringComparison.Ordinal), $"a generated password appears base64-encoded in {where}");
            }
        }
    }

    /// <summary>Every object the simulated cluster holds, except the credentials Secrets themselves.</summary>
    private static string SimulatorText(Stack stack)
    {
        var text = new StringBuilder();
        foreach (var resource in ResourceCatalog.All)
        {
            foreach (var item in stack.Cluster.Store.List(resource))
            {
                var name = item["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
                if (resource == ResourceCatalog.Secrets && name.EndsWith("-credentials", StringComparison.Ordinal))
                {
                    continue;
                }

                text.Append(item.ToJsonString()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Passwords(Stack stack, string ns, string name)
    {
        var data = stack.Cluster.Store.Get(ResourceCatalog.Secrets, ns, name)["data"]!.AsObject();
        return PasswordKeys.Select(key => Encoding.UTF8.GetString(Convert.FromBase64String(data[key]!.GetValue<string>())));
    }

    private static async Task<List<(string Where, string Text)>> StorageTextAsync(string hub, string auditTable, string claimsTable)
    {
        var connection = Azurite.ConnectionString;
        var found = new List<(string, string)>();
        var tables = new TableServiceClient(connection);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase) && table.Name != auditTable && table.Name != claimsTable)
            {
                continue;
            }

            var text = new StringBuilder();
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var value in entity.Select(property => property.Value))
                {
                    text.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()).Append('\n');
                }
            }

            found.Add(($"table {table.Name}", text.ToString()));
        }

        var queues = new QueueServiceClient(connection);
        await foreach (var queue in queues.GetQueuesAsync(prefix: hub.ToLowerInvariant()))
        {
            var messages = await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            found.Add(($"queue {queue.Name}", string.Join('\n', messages.Value.Select(m => m.Body.ToString()))));
        }

        var blobs = new BlobServiceClient(connection);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: hub.ToLowerInvariant()))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = await client.GetBlobClient(blob.Name).DownloadContentAsync();
                found.Add(($"blob {container.Name}/{blob.Name}", Decompressed(content.Value.Content.ToArray())));
            }
        }

        return found;
    }

    /// <summary>Helm stores a release as base64(gzip(JSON)) inside the Secret's base64 data.</summary>
    private static string HelmReleaseText(Stack stack, string ns, string release)
    {
        var secret = stack.Cluster.Store.Get(ResourceCatalog.Secrets, ns, $"sh.helm.release.v1.{release}.v1");
        var encoded = Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["release"]!.GetValue<string>()));
        return Decompressed(Convert.FromBase64String(encoded));
    }

    private static string Decompressed(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }
}

[Collection(EndToEndGroup.Name)]
public sealed class SecretsOnServerTests() : SecretsEndToEndTests(HostKind.Server);

[Collection(EndToEndGroup.Name)]
public sealed class SecretsOnFunctionsTests() : SecretsEndToEndTests(HostKind.Functions);
