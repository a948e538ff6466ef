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

    public bool IsRunning => process is { HasExited: false };

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

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", tablePort);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            $"Azurite accepting connections on table port {tablePort}");
    }

    /// <summary>
    /// Storage gone: SIGTERM, so Azurite stops listening at once but first writes its data out (after a
    /// SIGKILL it loses its last seconds of writes, tables included, which no real storage outage does).
    /// Killed only if it has not closed within a minute.
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

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await running.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
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
