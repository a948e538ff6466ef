using System.Globalization;

namespace Urumi.Platform.Tests.Helm;

/// <summary>
/// A process-boundary stand-in for helm: a bash script in its own temp folder that records its argv, the
/// mode and content of every <c>-f</c> file (<c>-f -</c>: "stdin" and what came on stdin), its pid and start/end times, then prints canned stdout/stderr
/// and exits with a canned code. Responses are files named <c>{verb}.{out|err|exit|sleep}</c>, or
/// <c>{verb}.{n}.{…}</c> for the n-th call of that verb.
/// </summary>
internal sealed class FakeHelm : IDisposable
{
    public const string NotFound = "Error: release: not found\n";

    private const string Script = """
        #!/usr/bin/env bash
        d="$(cd "$(dirname "$0")" && pwd)"
        verb="$1"
        line=""
        for a in "$@"; do line+="$a"$'\x1f'; done
        printf '%s\n' "$line" >> "$d/calls.log"
        prev=""
        for a in "$@"; do
          if [ "$prev" = "-f" ] && [ "$a" = "-" ]; then
            printf '%s stdin -\n' "$verb" >> "$d/values.log"
            { cat; echo; } >> "$d/values-content.log"
          elif [ "$prev" = "-f" ]; then
            printf '%s %s %s\n' "$verb" "$(stat -c %a "$a")" "$a" >> "$d/values.log"
            { cat "$a"; echo; } >> "$d/values-content.log"
          fi
          prev="$a"
        done
        n=$(( $(cat "$d/count.$verb" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$d/count.$verb"
        pick() { if [ -f "$d/$verb.$n.$1" ]; then echo "$d/$verb.$n.$1"; elif [ -f "$d/$verb.$1" ]; then echo "$d/$verb.$1"; fi; }
        s="$(pick sleep)"
        if [ -n "$s" ]; then
          echo "S $(date +%s%N) $verb" >> "$d/overlap.log"
          echo "$$" >> "$d/pids.log"
          sleep "$(cat "$s")" &
          echo "$!" >> "$d/pids.log"
          wait "$!"
          echo "E $(date +%s%N) $verb" >> "$d/overlap.log"
        fi
        o="$(pick out)"; if [ -n "$o" ]; then cat "$o"; fi
        e="$(pick err)"; if [ -n "$e" ]; then cat "$e" >&2; fi
        x="$(pick exit)"; if [ -n "$x" ]; then exit "$(cat "$x")"; fi
        exit 0
        """;

    public FakeHelm()
    {
        Directory = Path.Combine(Path.GetTempPath(), "urumi-fake-helm-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        BinaryPath = Path.Combine(Directory, "helm");
        File.WriteAllText(BinaryPath, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(BinaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    public string BinaryPath { get; }

    /// <summary>Sets what the next calls of <paramref name="verb"/> (or only its n-th call) answer.</summary>
    public FakeHelm On(string verb, string? stdout = null, string? stderr = null, int exitCode = 0, double sleepSeconds = 0, int? call = null)
    {
        var prefix = Path.Combine(Directory, call is { } n ? $"{verb}.{n}" : verb);
        File.WriteAllText(prefix + ".out", stdout ?? string.Empty);
        File.WriteAllText(prefix + ".err", stderr ?? string.Empty);
        File.WriteAllText(prefix + ".exit", exitCode.ToString(CultureInfo.InvariantCulture));
        if (sleepSeconds > 0)
        {
            File.WriteAllText(prefix + ".sleep", sleepSeconds.ToString(CultureInfo.InvariantCulture));
        }

        return this;
    }

    /// <summary>Every call's argv (without the binary), in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Calls => ReadLines("calls.log")
        .Select(l => (IReadOnlyList<string>)l.Split('\x1f').SkipLast(1).ToList())
        .ToList();

    public IReadOnlyList<string> Verbs => Calls.Select(c => c[0]).ToList();

    public string RawCalls => Read("calls.log");

    /// <summary>Lines "verb mode path" for every -f file seen ("verb stdin -" for values on stdin).</summary>
    public IReadOnlyList<string> ValuesFiles => ReadLines("values.log");

    public string ValuesContent => Read("values-content.log");

    public IReadOnlyList<int> Pids => ReadLines("pids.log").Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The verbs whose sleep ran to its end: a call killed while sleeping never gets there.</summary>
    public IReadOnlyList<string> SleptToTheEnd =>
        ReadLines("overlap.log").Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();

    /// <summary>The largest number of sleeping calls that overlapped in time.</summary>
    public int MaxOverlap()
    {
        var events = ReadLines("overlap.log")
            .Select(l => l.Split(' '))
            .Select(p => (Start: p[0] == "S", At: long.Parse(p[1], CultureInfo.InvariantCulture)))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Start) // an end and a start at the same instant do not overlap
            .ToList();
        int running = 0, max = 0;
        foreach (var (start, _) in events)
        {
            running += start ? 1 : -1;
            max = Math.Max(max, running);
        }

        return max;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Read(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    private List<string> ReadLines(string name) =>
        Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
