using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim.Faults;

namespace Urumi.Testing.Chaos;

/// <summary>
/// The chaos harness (bench/chaos.sh, and its small profile in the suite): stores created and deleted
/// through several Urumi.Server replicas on a private Azurite and the cluster simulator, while a seeded
/// schedule kills replicas (SIGKILL, restarted under the same or a new worker id), stops storage, and
/// makes the Kubernetes API fail (5xx, 429 with Retry-After), drop watches and lag. Then the invariants
/// are checked (<see cref="ChaosChecks"/>) and the figures measured.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, Action<string> log)
{
    private readonly Random random = new(options.Seed);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<TimeSpan> createToReady = [];
    private readonly ConcurrentBag<TimeSpan> completions = [];
    private readonly ConcurrentDictionary<string, bool> deleted = new();
    private readonly List<TimeSpan> outageEnds = [];
    private readonly List<string> faults = [];
    private readonly Lock gate = new();
    private int[] replicas = [];
    private Stack? stack;

    public async Task<ChaosReport> RunAsync()
    {
        await using var storage = await AzuriteProcess.StartNewAsync();
        await using var started = await Stack.StartAsync(HostKind.Server, overrides: new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Urumi__Stores__ProvisioningDeadline"] = "00:06:00",
            ["Urumi__Stores__DeletionDeadline"] = "00:04:00",
            ["Urumi__Server__ShutdownGrace"] = "00:00:05",
        }, servers: options.Servers);
        stack = started;
        replicas = [.. Enumerable.Range(0, options.Servers)];
        var names = Enumerable.Range(0, options.Stores).Select(i => $"chaos{i}").ToList();
        var stores = names.Select((name, i) => StoreAsync(name, i)).ToList();
        var chaos = options.Faults ? FaultsAsync(storage) : Task.CompletedTask;
        await chaos;
        await Task.WhenAll(stores);
        log("workload finished; checking the invariants");
        var checks = new ChaosChecks(started, Client, new StorageContents(storage.ConnectionString));
        var invariants = await checks.RunAsync(names, deleted.Keys.ToHashSet());
        var recoveries = outageEnds.Select(end => completions.Where(c => c > end).DefaultIfEmpty(TimeSpan.MaxValue).Min() - end)
            .Where(t => t < TimeSpan.FromDays(1)).ToList();
        return new ChaosReport(invariants, faults, completions.Count, [.. createToReady], recoveries);
    }

    /// <summary>One store's life: created at its moment of the run, awaited, and (every other one) deleted once Ready.</summary>
    private async Task StoreAsync(string name, int index)
    {
        await Task.Delay(options.Duration * index / Math.Max(1, options.Stores) * 0.8);
        var requested = clock.Elapsed;
        log($"create {name}");
        await SendAsync(http => http.PostJsonAsync("api/stores", new { name }), s => s is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"create {name}");
        var status = await SettleAsync(name, view => view.ValueKind == JsonValueKind.Object && view.GetProperty("status").GetString() is "ready" or "failed");
        if (status is not "ready")
        {
            log($"{name} ended {status ?? "unsettled"}");
            return;
        }

        createToReady.Add(clock.Elapsed - requested);
        completions.Add(clock.Elapsed);
        log($"{name} ready after {(clock.Elapsed - requested).TotalSeconds:0.0} s");
        if (index % 2 == 1)
        {
            return;
        }

        await SendAsync(http => http.DeleteAsync(new Uri($"api/stores/{name}", UriKind.Relative)), s => s is HttpStatusCode.Accepted or HttpStatusCode.Conflict or HttpStatusCode.NotFound, $"delete {name}");
        deleted[name] = true;
        if (await SettleAsync(name, view => view.ValueKind == JsonValueKind.Undefined) is null)
        {
            completions.Add(clock.Elapsed);
            log($"{name} deleted");
        }
    }

    /// <summary>Sends through a live replica until <paramref name="accepted"/> holds, honouring Retry-After and moving on from a dead replica.</summary>
    private async Task SendAsync(Func<HttpClient, Task<HttpResponseMessage>> send, Func<HttpStatusCode, bool> accepted, string what)
    {
        var until = clock.Elapsed + options.Duration + options.Settle;
        while (clock.Elapsed < until)
        {
            try
            {
                using var http = Client();
                using var response = await send(http);
                if (accepted(response.StatusCode))
                {
                    return;
                }

                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)); // that replica is down right now
            }
        }

        log($"gave up: {what}");
    }

    /// <summary>Polls the store's view through live replicas until <paramref name="done"/> holds (Undefined = 404); returns its status.</summary>
    private async Task<string?> SettleAsync(string name, Func<JsonElement, bool> done)
    {
        var until = clock.Elapsed + options.Duration + options.Settle;
        JsonElement view = default;
        while (clock.Elapsed < until)
        {
            try
            {
                using var http = Client();
                using var response = await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    view = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
                    if (done(view))
                    {
                        return view.ValueKind == JsonValueKind.Object ? view.GetProperty("status").GetString() : null;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // that replica is down right now
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return view.ValueKind == JsonValueKind.Object ? "stuck " + view.GetProperty("status").GetString() : "unsettled";
    }

    /// <summary>
    /// The seeded fault schedule: one fault at a time, 4–10 s apart, for the run's duration; the kinds
    /// come in rounds of all six (kill and storage outage first, each part in seeded order).
    /// </summary>
    private async Task FaultsAsync(AzuriteProcess storage)
    {
        var kinds = new Queue<int>();
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(random.Next(4, 11)));
            if (kinds.Count == 0)
            {
                // The process faults (kill, storage outage) lead each round, so a short run has both.
                int[] process = [0, 1], api = [2, 3, 4, 5];
                random.Shuffle(process);
                random.Shuffle(api);
                process.Concat(api).ToList().ForEach(kinds.Enqueue);
            }

            var kind = kinds.Dequeue();
            switch (kind)
            {
                case 0:
                    await KillReplicaAsync();
                    break;
                case 1:
                    Record("storage outage");
                    await storage.StopAsync();
                    await Task.Delay(TimeSpan.FromSeconds(random.Next(5, 31)));
                    await storage.StartAsync();
                    lock (gate)
                    {
                        outageEnds.Add(clock.Elapsed);
                    }

                    break;
                default:
                    var (name, rule) = kind switch
                    {
                        2 => ("API 5xx", new FaultRule { Kind = FaultKind.ApiError, StatusCode = 503, Rate = 0.3 }),
                        3 => ("API 429", new FaultRule { Kind = FaultKind.ApiError, StatusCode = 429, RetryAfterSeconds = 1, Rate = 0.3 }),
                        4 => ("watch drops", new FaultRule { Kind = FaultKind.WatchDrop, Interval = TimeSpan.FromSeconds(2) }),
                        _ => ("latency", new FaultRule { Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(800), Rate = 0.5 }),
                    };
                    Record(name);
                    using (stack!.Cluster.Faults.Add(rule))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(random.Next(5, 16)));
                    }

                    break;
            }
        }
    }

    private async Task KillReplicaAsync()
    {
        var slot = random.Next(replicas.Length);
        var victim = stack!.Servers[replicas[slot]];
        Record("replica kill -9");
        victim.Kill();
        await Task.Delay(TimeSpan.FromSeconds(random.Next(2, 7)));
        var workerId = random.Next(2) == 0 ? $"worker-{slot}" : $"worker-{slot}-{stack.Servers.Count}";
        await stack.StartServerAsync(workerId, victim.Port);
        lock (gate)
        {
            replicas[slot] = stack.Servers.Count - 1;
        }
    }

    private void Record(string fault)
    {
        lock (gate)
        {
            faults.Add(fault);
        }

        log($"fault at {clock.Elapsed.TotalSeconds:0} s: {fault}");
    }

    /// <summary>A client of a replica picked at random (possibly one that is down right now, as a load balancer would).</summary>
    private HttpClient Client()
    {
        int index;
        lock (gate)
        {
            index = replicas[Random.Shared.Next(replicas.Length)];
        }

        var http = stack!.Client(index);
        http.Timeout = TimeSpan.FromSeconds(30);
        return http;
    }
}
