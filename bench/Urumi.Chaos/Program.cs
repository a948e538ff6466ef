using System.Globalization;
using Urumi.Testing.Chaos;

// bash bench/chaos.sh [--stores N] [--servers K] [--minutes M] [--seed S] [--no-baseline]
// A calm run (same stores, no faults) gives the baseline figures, then the chaos run; prints one line
// per invariant and the figures; exits 1 when an invariant is broken.
var options = new ChaosOptions();
var baseline = true;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    options = args[i] switch
    {
        "--stores" => options with { Stores = int.Parse(Next(), CultureInfo.InvariantCulture) },
        "--servers" => options with { Servers = int.Parse(Next(), CultureInfo.InvariantCulture) },
        "--minutes" => options with { Duration = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)) },
        "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
        "--no-baseline" => Flag(ref baseline, options),
        _ => throw new ArgumentException($"unknown option {args[i]}; usage: bench/chaos.sh [--stores N] [--servers K] [--minutes M] [--seed S] [--no-baseline]"),
    };
}

static ChaosOptions Flag(ref bool flag, ChaosOptions options)
{
    flag = false;
    return options;
}

void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

ChaosReport? calm = null;
if (baseline)
{
    Log($"baseline: {options.Stores} stores, {options.Servers} replicas, no faults");
    calm = await new ChaosRun(options with { Faults = false }, Log).RunAsync();
}

Log($"chaos: {options.Stores} stores, {options.Servers} replicas, {options.Duration.TotalMinutes} min of faults, seed {options.Seed}");
var report = await new ChaosRun(options, Log).RunAsync();
Console.WriteLine();
foreach (var invariant in report.Invariants)
{
    Console.WriteLine(invariant);
}

foreach (var figure in report.Figures())
{
    Console.WriteLine(figure);
}

if (calm is not null)
{
    Console.WriteLine($"create→Ready without chaos: {ChaosReport.Describe(calm.CreateToReady)}");
    Console.WriteLine($"baseline invariants: {(calm.AllHold ? "all hold" : "BROKEN: " + string.Join("; ", calm.Invariants.Where(v => !v.Holds)))}");
}

Console.WriteLine($"machine load average: {File.ReadAllText("/proc/loadavg").Trim()}");
return report.AllHold && (calm?.AllHold ?? true) ? 0 : 1;
