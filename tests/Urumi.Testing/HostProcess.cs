using System.Collections.Concurrent;
using System.Diagnostics;

namespace Urumi.Testing;

/// <summary>
/// A host of the Urumi API — Urumi.Server or the Azure Functions host over the Functions app — as a
/// real child process (so tests can SIGKILL it), on a free loopback port, with its output captured.
/// Storage is the Azurite that build/test.sh started.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private HostProcess(string name, ProcessStartInfo info, int port)
    {
        Name = name;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>"Urumi.Server" or "Functions host", for messages.</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts Urumi.Server; <paramref name="settings"/> become environment variables (<c>Urumi__Server__Listen</c> style).</summary>
    public static HostProcess StartServer(IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var listenPort = port ?? Ports.Free();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Urumi.Server.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_PROCESSOR_COUNT"] = null;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["AzureWebJobsStorage"] = Azurite.ConnectionString;
        info.Environment["Urumi__Server__Listen"] = $"127.0.0.1:{listenPort}";
        Apply(info, settings);
        return new HostProcess("Urumi.Server", info, listenPort);
    }

    /// <summary>Starts the Azure Functions host over the Functions app's build output (see <see cref="FunctionsHost"/>).</summary>
    public static HostProcess StartFunctions(FunctionsHost host, IReadOnlyDictionary<string, string> settings, int port, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(host);
        var info = host.StartInfo(port, stateDirectory);
        info.Environment["AzureWebJobsStorage"] = Azurite.ConnectionString;
        Apply(info, settings);
        return new HostProcess("Functions host", info, port);
    }

    /// <summary>
    /// Waits until the app's liveness endpoint answers 200 (it touches no dependency, so a loaded machine
    /// does not time it out) — not the Functions host's own "not running" page.
    /// </summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("api/health/live", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false; // not listening yet
                }
            },
            $"{Name} serving the API (its output so far is in e2e-logs)",
            timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGTERM, as an orchestrator (Kubernetes, systemd, ./urumi) stops a replica: its shutdown code runs.</summary>
    public void Terminate()
    {
        if (process.HasExited)
        {
            return;
        }

        // .NET sends only SIGKILL itself; kill(1) sends the rest.
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} ({Name}) failed with {kill.ExitCode}.");
        }
    }

    /// <summary>SIGKILL of the whole process tree (the Functions host and its worker): no shutdown code runs, as in a node failure.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static void Apply(ProcessStartInfo info, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
    }
}
