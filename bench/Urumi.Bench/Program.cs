using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Urumi.ClusterSim;
using Urumi.Testing;

// Provisioning throughput and latency of the whole product on the cluster simulator:
// POST /api/stores for N stores at once, then time each one until it is Ready (shop verified, test
// order placed and deleted), and the list endpoint under that load. Prints numbers; asserts nothing.
var stores = Option("--stores", 20);
var servers = Option("--servers", 1);
var readyDelayMs = Option("--ready-delay-ms", 300);

Console.WriteLine($"urumi bench: {stores} stores, {servers} server(s), simulated pods ready after {readyDelayMs} ms, {Environment.ProcessorCount} cores");
var clock = Stopwatch.StartNew();
// One anonymous owner creates every store: lift the per-owner quota and create rate for the run.
var limits = new Dictionary<string, string> { ["Urumi__Stores__MaxStoresPerOwner"] = "10000", ["Urumi__Stores__CreatesPerMinute"] = "10000" };
await using var stack = await Stack.StartAsync(HostKind.Server, new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(readyDelayMs) }, limits, servers);
Console.WriteLine($"stack up in {clock.Elapsed.TotalSeconds:0.0} s (simulator, Azurite task hub, {servers} Urumi.Server process(es))");

var clients = Enumerable.Range(0, servers).Select(i => stack.Client(i)).ToList();
var names = Enumerable.Range(1, stores).Select(i => $"bench{i:000}").ToList();
var accepted = new List<double>();
var total = Stopwatch.StartNew();
var started = new Dictionary<string, TimeSpan>();
foreach (var (name, i) in names.Select((n, i) => (n, i)))
{
    var call = Stopwatch.StartNew();
    var response = await clients[i % servers].PostAsJsonAsync("api/stores", new { name });
    accepted.Add(call.Elapsed.TotalMilliseconds);
    started[name] = total.Elapsed;
    if (!response.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"create {name} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return 1;
    }
}

var listLatency = new List<double>();
var done = new Dictionary<string, TimeSpan>();
var failed = new List<string>();
while (done.Count + failed.Count < names.Count && total.Elapsed < TimeSpan.FromMinutes(15))
{
    var call = Stopwatch.StartNew();
    var list = await clients[0].GetFromJsonAsync<StoreList>("api/stores");
    listLatency.Add(call.Elapsed.TotalMilliseconds);
    foreach (var store in list!.Stores.Where(s => !done.ContainsKey(s.Name) && !failed.Contains(s.Name)))
    {
        if (store.Status == "ready")
        {
            done[store.Name] = total.Elapsed - started[store.Name];
        }
        else if (store.Status == "failed")
        {
            failed.Add(store.Name);
        }
    }

    await Task.Delay(200);
}

var wall = total.Elapsed;
var ready = done.Values.Select(t => t.TotalSeconds).ToList();
Console.WriteLine();
Console.WriteLine($"ready              {done.Count}/{stores} (failed {failed.Count}) in {wall.TotalSeconds:0.0} s = {done.Count / wall.TotalMinutes:0.0} stores/min");
Console.WriteLine($"create -> ready    p50 {P(ready, 50):0.0} s   p95 {P(ready, 95):0.0} s   max {P(ready, 100):0.0} s");
Console.WriteLine($"POST /api/stores   p50 {P(accepted, 50):0} ms  p95 {P(accepted, 95):0} ms  max {P(accepted, 100):0} ms");
Console.WriteLine($"GET /api/stores    p50 {P(listLatency, 50):0} ms  p95 {P(listLatency, 95):0} ms  max {P(listLatency, 100):0} ms  ({listLatency.Count} calls)");
return failed.Count == 0 && done.Count == stores ? 0 : 1;

static double P(List<double> values, int percentile)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record StoreList(List<StoreRow> Stores);

internal sealed record StoreRow(string Name, string Status);
