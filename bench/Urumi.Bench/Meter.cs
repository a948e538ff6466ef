using System.Globalization;
using System.Text.RegularExpressions;
using Urumi.Testing;

namespace Urumi.Bench;

/// <summary>
/// Counters read at the start and end of a phase: CPU seconds by process, Kubernetes API requests by
/// client (from the simulator), and storage requests (lines of Azurite's access log; bench/run.sh
/// starts Azurite with AZURITE_ACCESS_LOG=1 and passes the log's path and Azurite's pid).
/// </summary>
internal sealed partial class Meter
{
    private readonly Stack stack;
    private readonly int azuritePid;
    private readonly string? azuriteLog;

    public Meter(Stack stack)
    {
        this.stack = stack;
        ServerPid = ProcStats.Children(Environment.ProcessId, "Urumi.Server.dll").Single();
        azuritePid = int.TryParse(Environment.GetEnvironmentVariable("AZURITE_PID"), CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        azuriteLog = Environment.GetEnvironmentVariable("AZURITE_LOG");
    }

    public int ServerPid { get; }

    public Usage Take()
    {
        var server = ProcStats.Cpu(ServerPid);
        var self = ProcStats.Cpu(Environment.ProcessId);
        var azurite = azuritePid > 0 ? ProcStats.Cpu(azuritePid).Self : 0;
        var storage = azuriteLog is not null && File.Exists(azuriteLog)
            ? File.ReadLines(azuriteLog).Count(line => AccessLogLine().IsMatch(line))
            : 0;
        return new Usage(server.Self, server.Children, azurite, self.Self, self.Children, storage, new Dictionary<string, long>(stack.Cluster.RequestsByAgent, StringComparer.OrdinalIgnoreCase));
    }

    [GeneratedRegex("HTTP/1\\.1\" \\d{3}")]
    private static partial Regex AccessLogLine();
}
