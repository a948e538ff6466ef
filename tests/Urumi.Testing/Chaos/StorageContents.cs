using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Urumi.Testing.Chaos;

/// <summary>
/// Everything a chaos run's own Azurite holds, read back as text: every table row (task hub history
/// and instances, audit, claims), every blob (leases, large messages — gzip-compressed ones unpacked)
/// and the messages visible in every queue.
/// </summary>
public sealed class StorageContents(string connectionString)
{
    /// <summary>The rows of one table.</summary>
    public async Task<IReadOnlyList<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in new TableServiceClient(connectionString).GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Each stored item as (where it is, its text).</summary>
    public async IAsyncEnumerable<(string Where, string Text)> TextsAsync()
    {
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            foreach (var row in await RowsAsync(table.Name))
            {
                var text = string.Join('\n', row.Select(p => p.Value switch
                {
                    byte[] bytes => Decode(bytes),
                    BinaryData data => Decode(data.ToArray()),
                    _ => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture),
                }));
                yield return ($"table {table.Name} row {row.PartitionKey}/{row.RowKey}", text);
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = await client.GetBlobClient(blob.Name).DownloadContentAsync();
                yield return ($"blob {container.Name}/{blob.Name}", Decode(content.Value.Content.ToArray()));
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            var peeked = await queues.GetQueueClient(queue.Name).PeekMessagesAsync(maxMessages: 32);
            foreach (var message in peeked.Value)
            {
                yield return ($"queue {queue.Name} message {message.MessageId}", Decode(message.Body.ToArray()));
            }
        }
    }

    /// <summary>UTF-8 text, unpacked first when it is gzip (how DTFx stores large messages).</summary>
    private static string Decode(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var unpacked = new MemoryStream();
            gzip.CopyTo(unpacked);
            bytes = unpacked.ToArray();
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
