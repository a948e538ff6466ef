using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.Bench;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Store;
using Urumi.Domain.Stores;
using Urumi.Testing;

// Urumi against the baseline a user would script (bench/baseline.sh) on the same simulator with the
// same helm binary, in one run: single-store create and delete in alternating pairs, then N stores
// at once both ways at the same install cap, then status reads with N stores present. Prints the
// figures per store and ends with one JSON line {"summary": {...}}. Asserts nothing.
var options = BenchOptions.Parse(args);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"urumi bench: {options.Pairs} pairs, {options.Stores} stores at install cap {options.Cap}, simulated pods ready after {options.ReadyDelayMs} ms, {Environment.ProcessorCount} cores, load {ProcStats.Load():0.00}");

var limits = new Dictionary<string, string>
{
    // One anonymous owner creates every store: lift the per-owner quota and create rate for the run.
    ["Urumi__Stores__MaxStoresPerOwner"] = "10000",
    ["Urumi__Stores__CreatesPerMinute"] = "10000",
    ["Urumi__Stores__ProvisioningDeadline"] = "00:10:00",
    ["Urumi__Helm__MaxConcurrentInstalls"] = options.Cap.ToString(inv),
};
var clock = Stopwatch.StartNew();
await using var stack = await Stack.StartAsync(HostKind.Server, new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(options.ReadyDelayMs) }, limits);
var meter = new Meter(stack);
Console.WriteLine($"stack up in {clock.Elapsed.TotalSeconds:0.0} s (simulator, Azurite task hub, Urumi.Server Release pid {meter.ServerPid})");

using var api = stack.Client();
var baseline = new Baseline(stack);
var urumi = new UrumiClient(api);

// Warm-up (JIT, first task-hub tables, helm's chart cache): one store each way, not counted.
await baseline.CreateAsync("warm-b");
await urumi.CreateAsync("warm-u");
await baseline.DeleteAsync("warm-b");
await urumi.DeleteAsync("warm-u");

Console.WriteLine();
Console.WriteLine($"single store, {options.Pairs} alternating pairs (seconds)");
var createB = new List<double>();
var createU = new List<double>();
var deleteB = new List<double>();
var deleteU = new List<double>();
for (var i = 1; i <= options.Pairs; i++)
{
    var (b, u) = ($"pair-b{i}", $"pair-u{i}");
    var baselineFirst = i % 2 == 1;
    if (baselineFirst)
    {
        createB.Add(await baseline.CreateAsync(b));
        createU.Add(await urumi.CreateAsync(u));
        deleteB.Add(await baseline.DeleteAsync(b));
        deleteU.Add(await urumi.DeleteAsync(u));
    }
    else
    {
        createU.Add(await urumi.CreateAsync(u));
        createB.Add(await baseline.CreateAsync(b));
        deleteU.Add(await urumi.DeleteAsync(u));
        deleteB.Add(await baseline.DeleteAsync(b));
    }

    Console.WriteLine($"  pair {i}: create baseline {createB[^1]:0.00} urumi {createU[^1]:0.00}   delete baseline {deleteB[^1]:0.00} urumi {deleteU[^1]:0.00}   load {ProcStats.Load():0.00}");
}

Console.WriteLine($"create -> ready   baseline {Stats.Spread(createB)}   urumi {Stats.Spread(createU)}   ratio {Stats.Median(createU) / Stats.Median(createB):0.00}");
Console.WriteLine($"delete -> gone    baseline {Stats.Spread(deleteB)}   urumi {Stats.Spread(deleteU)}   ratio {Stats.Median(deleteU) / Stats.Median(deleteB):0.00}");

// N stores at once, baseline first: scripts at most `cap` at a time, as Urumi installs at most `cap` at a time.
Console.WriteLine();
var names = Enumerable.Range(1, options.Stores).Select(i => $"s{i:000}").ToList();
var before = meter.Take();
var burst = Stopwatch.StartNew();
await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = options.Cap }, async (name, _) => await baseline.CreateAsync("b" + name));
var baselineWall = burst.Elapsed.TotalSeconds;
var baselineUse = (meter.Take() - before).WithoutUrumi();
var baselineRate = options.Stores / baselineWall * 60;
Console.WriteLine($"{options.Stores} stores baseline: {baselineWall:0.0} s = {baselineRate:0.0} stores/min, load {ProcStats.Load():0.00}");
Console.WriteLine($"  per store: {baselineUse.PerStore(options.Stores)}");
await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, _) => await baseline.DeleteAsync("b" + name));

before = meter.Take();
burst.Restart();
var posts = new List<double>();
await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, _) =>
{
    var latency = await urumi.PostAsync("u" + name);
    lock (posts)
    {
        posts.Add(latency);
    }
});
var rssMax = 0.0;
var resident = ProcStats.Resident(meter.ServerPid);
while (Settled(stack.Cluster, names.Select(n => "u" + n)) is var (ready, failed) && ready + failed < names.Count)
{
    rssMax = Math.Max(rssMax, ProcStats.PeakRssMb(meter.ServerPid));
    var now = ProcStats.Resident(meter.ServerPid);
    resident = now.Rss > resident.Rss ? now : resident;
    await Task.Delay(100);
}

var urumiWall = burst.Elapsed.TotalSeconds;
var (_, burstFailed) = Settled(stack.Cluster, names.Select(n => "u" + n));
if (burstFailed > 0)
{
    Console.Error.WriteLine($"{burstFailed} of {options.Stores} Urumi stores failed; see the server log in bin/.../e2e-logs.");
}

var urumiUse = meter.Take() - before;
rssMax = Math.Max(rssMax, ProcStats.PeakRssMb(meter.ServerPid));
var urumiRate = options.Stores / urumiWall * 60;
Console.WriteLine($"{options.Stores} stores urumi:    {urumiWall:0.0} s = {urumiRate:0.0} stores/min, load {ProcStats.Load():0.00}");
Console.WriteLine($"  per store: {urumiUse.PerStore(options.Stores)}");
Console.WriteLine($"  POST /api/stores during the burst: p50 {Stats.P(posts, 50):0} ms  p99 {Stats.P(posts, 99):0} ms  max {Stats.P(posts, 100):0} ms");
Console.WriteLine($"  throughput ratio {urumiRate / baselineRate:0.00}   CPU per store ratio {urumiUse.CpuSeconds / baselineUse.CpuSeconds:0.00}   server peak RSS {rssMax:0} MB");
Console.WriteLine($"  server resident set at its largest during the burst: {resident.Rss:0} MB = anonymous {resident.Anon:0} MB (GC heap, stacks, native) + file-backed {resident.File:0} MB (mapped assemblies) + shared {resident.Shared:0} MB (JIT code), {resident.Threads} threads");

var status = new List<double>();
for (var i = 0; i < options.StatusCalls; i++)
{
    status.Add(await urumi.StatusAsync("u" + names[i % names.Count]));
}

var helmStatus = new List<double>();
for (var i = 0; i < 10; i++)
{
    helmStatus.Add(await baseline.HelmStatusAsync("u" + names[i % names.Count]));
}

Console.WriteLine($"GET /api/stores/{{name}} with {options.Stores} stores: p50 {Stats.P(status, 50):0.0} ms  p99 {Stats.P(status, 99):0.0} ms ({status.Count} calls); helm status p50 {Stats.P(helmStatus, 50):0} ms");
Console.WriteLine($"Kubernetes API requests by client during the Urumi burst: {string.Join(", ", urumiUse.Requests.Select(r => $"{r.Key} {r.Value}"))}");

var summary = new Dictionary<string, object>
{
    ["single_ready_ratio"] = Math.Round(Stats.Median(createU) / Stats.Median(createB), 3),
    ["delete_ratio"] = Math.Round(Stats.Median(deleteU) / Stats.Median(deleteB), 3),
    ["throughput_ratio"] = Math.Round(urumiRate / baselineRate, 3),
    ["cpu_per_store_ratio"] = Math.Round(urumiUse.CpuSeconds / baselineUse.CpuSeconds, 3),
    ["post_p50_ms"] = Math.Round(Stats.P(posts, 50), 1),
    ["status_p99_ms"] = Math.Round(Stats.P(status, 99), 1),
    ["k8s_requests_per_store"] = Math.Round(urumiUse.UrumiRequests / (double)options.Stores, 1),
    ["storage_requests_per_store"] = Math.Round(urumiUse.StorageRequests / (double)options.Stores, 1),
    ["rss_mb_max"] = Math.Round(rssMax),
    ["rss_burst_mb"] = new { anon = Math.Round(resident.Anon), file = Math.Round(resident.File), shared = Math.Round(resident.Shared), threads = resident.Threads },
    ["single_ready_s"] = new { baseline = Stats.Median(createB), urumi = Stats.Median(createU) },
    ["delete_s"] = new { baseline = Stats.Median(deleteB), urumi = Stats.Median(deleteU) },
    ["stores_per_min"] = new { baseline = Math.Round(baselineRate, 1), urumi = Math.Round(urumiRate, 1) },
    ["cpu_s_per_store"] = new { baseline = Math.Round(baselineUse.CpuSeconds / options.Stores, 3), urumi = Math.Round(urumiUse.CpuSeconds / options.Stores, 3) },
    ["status_p50_ms"] = Math.Round(Stats.P(status, 50), 1),
    ["stores"] = options.Stores,
    ["cap"] = options.Cap,
    ["pairs"] = options.Pairs,
    ["load_avg_end"] = ProcStats.Load(),
};
Console.WriteLine(JsonSerializer.Serialize(new { summary }));
return 0;

static (int Ready, int Failed) Settled(ClusterSimulator cluster, IEnumerable<string> stores)
{
    // Read in-process, so waiting adds no API request to the figures.
    var phases = cluster.Store.List(ResourceCatalog.Namespaces)
        .ToDictionary(ns => ns.Name(), ns => ns.Str("metadata", "annotations", StoreNaming.AnnotationPhase), StringComparer.Ordinal);
    var wanted = stores.Select(s => phases.GetValueOrDefault(StoreNaming.NamespacePrefix + s)).ToList();
    return (wanted.Count(p => p == nameof(StoreStatus.Ready)), wanted.Count(p => p == nameof(StoreStatus.Failed)));
}
