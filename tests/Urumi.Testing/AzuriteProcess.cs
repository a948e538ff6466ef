using System.Diagnostics;
using System.Net.Sockets;

namespace Urumi.Testing;

/// <summary>
/// A private Azurite (from the repository's <c>.tools/</c>, as build/azurite.sh starts it) that one test
/// owns, so it can take storage away (<see cref="StopAsync"/>) and bring it back on the same ports
/// and data (<see cref="StartAsync()"/>) without disturbing the run's shared Azurite.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly int blobPort = Ports.Free();
    private readonly int queuePort = Ports.Free();
    private readonly int tablePort = Ports.Free();
    private readonly string data = Directory.CreateTempSubdirectory("urumi-azurite-").FullName;
    private Process? process;

    private AzuriteProcess()
    {
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartNewAsync()
    {
        var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        return azurite;
    }

    /// <summary>Starts it (again) on its ports and data folder and waits until its table port accepts connections.</summary>
    public async Task StartAsync()
    {
        var binary = Path.Combine(Repository.Root, ".tools", "node_modules", ".bin", "azurite");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"Azurite is not installed at {binary}: run `bash build/bootstrap.sh` (build/test.sh does).");
        }

        await ExitedAsync();

        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--location", data,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{blobPort}", "--queuePort", $"{queuePort}", "--tablePort", $"{tablePort}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with {process.ExitCode} on start (ports {blobPort}/{queuePort}/{tablePort}).");
                }

                return await AcceptsAsync(tablePort);
            },
            $"Azurite accepting connections on table port {tablePort}");
    }

    /// <summary>
    /// Storage gone: SIGTERM, so Azurite stops listening at once but first writes its data out (after a
    /// SIGKILL it loses its last seconds of writes, tables included, which no real storage outage does).
    /// Returns as soon as none of its ports accepts a connection — the outage as clients see it; Azurite
    /// itself may take many seconds more to exit (it waits for its open connections), which
    /// <see cref="StartAsync()"/> and <see cref="DisposeAsync"/> wait for.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await Eventually.TrueAsync(
            async () => running.HasExited || !(await AcceptsAsync(blobPort) || await AcceptsAsync(queuePort) || await AcceptsAsync(tablePort)),
            $"Azurite refusing connections on ports {blobPort}/{queuePort}/{tablePort} after SIGTERM");
    }

    /// <summary>The stopped process is gone (killed if it has not closed within a minute), so its ports and data are free.</summary>
    private async Task ExitedAsync()
    {
        if (process is not { } previous)
        {
            return;
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await previous.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            previous.Kill(entireProcessTree: true);
            await previous.WaitForExitAsync();
        }

        previous.Dispose();
        process = null;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        Directory.Delete(data, recursive: true);
    }
}
