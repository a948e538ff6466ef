using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Urumi.Testing;

/// <summary>
/// A TCP relay in front of a storage account (one listener per endpoint port of its connection string)
/// that can be made to hang: after <see cref="Stall"/> it still accepts connections, but passes no byte
/// either way on new or open ones — storage that is up as far as TCP can tell and never answers, unlike
/// a stopped Azurite that refuses connections at once.
/// </summary>
public sealed partial class StallingRelay : IAsyncDisposable
{
    private readonly List<TcpListener> listeners = [];
    private readonly List<TcpClient> connections = [];
    private readonly CancellationTokenSource closing = new();
    private readonly TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();

    private StallingRelay(string connectionString)
    {
        ConnectionString = Endpoint().Replace(connectionString, match =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            listeners.Add(listener);
            _ = AcceptAsync(listener, int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        });
    }

    /// <summary><paramref name="connectionString"/> with every endpoint pointing at the relay.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts relaying to the endpoints (http://127.0.0.1:port/…) of <paramref name="connectionString"/>.</summary>
    public static StallingRelay Start(string connectionString) => new(connectionString);

    /// <summary>From now on nothing passes: requests hang until their client gives up.</summary>
    public void Stall() => stalled.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        lock (gate)
        {
            listeners.ForEach(l => l.Stop());
            connections.ForEach(c => c.Dispose());
        }

        closing.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, int target)
    {
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(closing.Token);
                _ = RelayAsync(client, target);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // closed
        }
    }

    private async Task RelayAsync(TcpClient client, int target)
    {
        var upstream = new TcpClient();
        lock (gate)
        {
            connections.Add(client);
            connections.Add(upstream);
        }

        try
        {
            if (stalled.Task.IsCompleted)
            {
                await Task.Delay(Timeout.Infinite, closing.Token);
            }

            await upstream.ConnectAsync(IPAddress.Loopback, target, closing.Token);
            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // one side closed, or the relay did
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, closing.Token)) > 0)
        {
            if (stalled.Task.IsCompleted)
            {
                await Task.Delay(Timeout.Infinite, closing.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), closing.Token);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex Endpoint();
}
