using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Urumi.Server.Tests;

/// <summary>
/// Urumi.Server as a real child process (so tests can SIGKILL it), on a free loopback port, with its
/// output captured. Storage is the Azurite that build/test.sh started.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING")
        ?? throw new InvalidOperationException("AZURITE_CONNECTION_STRING is not set: run the tests with build/test.sh, which starts Azurite.");

    /// <summary>Starts the server; <paramref name="settings"/> become environment variables (<c>Urumi__Server__Listen</c> style).</summary>
    public static ServerProcess Start(IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var listenPort = port ?? FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Urumi.Server.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_PROCESSOR_COUNT"] = null;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["AzureWebJobsStorage"] = StorageConnectionString;
        info.Environment["Urumi__Server__Listen"] = $"127.0.0.1:{listenPort}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return new ServerProcess(Process.Start(info)!, listenPort);
    }

    /// <summary>Waits until the liveness endpoint answers (it touches no dependency, so a loaded machine does not time it out).</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Urumi.Server exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                await http.GetAsync(new Uri("api/health/live", UriKind.Relative));
                return;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"Urumi.Server did not listen within {timeout}:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a node failure.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
