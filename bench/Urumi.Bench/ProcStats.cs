using System.Globalization;

namespace Urumi.Bench;

/// <summary>
/// CPU time and memory of processes from /proc (Linux). User + system time of the process itself, and
/// separately of its children that have exited and been waited for (helm under the server, the
/// baseline script's bash, kubectl, helm and curl under the benchmark).
/// </summary>
internal static class ProcStats
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build we run on.

    public static (double Self, double Children) Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may contain spaces: fields start after the closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int number) => double.Parse(fields[number - 3], CultureInfo.InvariantCulture) / TicksPerSecond;
        return (Field(14) + Field(15), Field(16) + Field(17));
    }

    /// <summary>Peak resident set (VmHWM) in MB.</summary>
    public static double PeakRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// The resident set now, split the way /proc reports it (MB): anonymous memory (GC heap, thread stacks,
    /// native allocations), file-backed pages (the runtime's and the app's mapped assemblies) and shared memory
    /// (where .NET on Linux keeps JIT-compiled code, mapped twice for W^X), and the thread count.
    /// </summary>
    public static (double Rss, double Anon, double File, double Shared, int Threads) Resident(int pid)
    {
        var status = File.ReadLines($"/proc/{pid}/status").ToList();
        double Mb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        var threads = int.Parse(status.First(l => l.StartsWith("Threads:", StringComparison.Ordinal)).Split('\t', ' ').Last(), CultureInfo.InvariantCulture);
        return (Mb("VmRSS:"), Mb("RssAnon:"), Mb("RssFile:"), Mb("RssShmem:"), threads);
    }

    /// <summary>Children of <paramref name="parent"/> whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> Children(int parent, string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (ppid == parent && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return found;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double Load() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
