using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urumi.ClusterSim.Faults;
using Urumi.Domain.Stores;

namespace Urumi.Testing.Chaos;

/// <summary>
/// The chaos harness (bench/chaos.sh, and its small profile in the suite): stores created and deleted
/// through several Urumi.Server replicas on a private Azurite and the cluster simulator, while a seeded
/// schedule kills replicas (SIGKILL, restarted under the same or a new worker id), stops storage, and
/// makes the Kubernetes API fail (5xx, 429 with Retry-After), drop watches and lag, and kills helm in the
/// middle of a store's upgrade. Then the invariants
/// are checked (<see cref="ChaosChecks"/>) and the figures measured.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, Action<string> log)
{
    private readonly Random random = new(options.Seed);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<TimeSpan> createToReady = [];
    private readonly ConcurrentBag<TimeSpan> completions = [];
    private readonly ConcurrentDictionary<string, bool> deleted = new();
    private readonly ConcurrentDictionary<string, bool> readyKept = new();
    private readonly ConcurrentDictionary<string, PlanChange> upgraded = new();
    private readonly ConcurrentBag<Task> upgrades = [];
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
        clock.Restart(); // the schedule and the figures count from the workload's start, not the replicas' (slow under load)
        replicas = [.. Enumerable.Range(0, options.Servers)];
        var names = Enumerable.Range(0, options.Stores).Select(i => $"chaos{i}").ToList();
        var stores = names.Select((name, i) => StoreAsync(name, i)).ToList();
        var chaos = options.Faults ? FaultsAsync(storage) : Task.CompletedTask;
        await chaos;
        await Task.WhenAll(stores);
        await Task.WhenAll(upgrades);
        log("workload finished; checking the invariants");
        var checks = new ChaosChecks(started, Client, new StorageContents(storage.ConnectionString));
        var invariants = await checks.RunAsync(names, deleted.Keys.ToHashSet(), upgraded);
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
            readyKept[name] = true; // kept: a candidate for the upgrade whose helm is killed
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
    /// come in rounds of all seven (kill and storage outage first, then the helm kill mid-upgrade, then
    /// the API faults, each part in seeded order).
    /// </summary>
    private async Task FaultsAsync(AzuriteProcess storage)
    {
        var kinds = new Queue<int>();
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(random.Next(4, 11)));
            if (kinds.Count == 0)
            {
                // The process faults (kill, storage outage, helm kill) lead each round, so a short run has them.
                int[] process = [0, 1], api = [2, 3, 4, 5];
                random.Shuffle(process);
                random.Shuffle(api);
                process.Append(6).Concat(api).ToList().ForEach(kinds.Enqueue);
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
                case 6:
                    await KillHelmMidUpgradeAsync();
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

    /// <summary>
    /// Upgrades a kept Ready store to its other plan and, while its release is <c>pending-upgrade</c>,
    /// kills -9 the helm process running that upgrade (only this run's: matched by its kubeconfig). The
    /// namespace's API calls lag meanwhile, so the pending window is wide enough to be seen.
    /// </summary>
    private async Task KillHelmMidUpgradeAsync()
    {
        var name = await UpgradeCandidateAsync();
        if (name is null)
        {
            log("helm kill mid-upgrade skipped: no kept store became Ready in time");
            return;
        }

        var plan = await PlanAsync(name);
        var change = new PlanChange(plan, plan == "small" ? "medium" : "small");
        var ns = new StoreNaming(StoreName.Parse(name), "chaos.invalid").Namespace;
        upgraded[name] = change;
        log($"upgrade {name} from {change.From} to {change.To}");
        using (stack!.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Namespace = ns, Delay = TimeSpan.FromMilliseconds(700) }))
        {
            var (_, before) = await ReleaseAsync(name, ns);
            await SendAsync(
                http => http.PatchAsJsonAsync(new Uri($"api/stores/{name}", UriKind.Relative), new { plan = change.To }),
                s => s is HttpStatusCode.Accepted or HttpStatusCode.Conflict,
                $"upgrade {name}");
            upgrades.Add(SettleUpgradeAsync(name));
            var killed = await PendingUpgradeAsync(name, ns, before) ? HelmProcesses.Kill(stack.Kubeconfig, "upgrade", name, ns) : 0;
            if (killed == 0)
            {
                log($"helm kill mid-upgrade missed: {name}'s upgrade was not seen pending with its helm running");
                return;
            }

            Record("helm killed mid-upgrade");
            log($"killed {killed} helm process(es) upgrading {name}");
        }
    }

    /// <summary>A kept store that is Ready and not upgraded yet, waiting up to two minutes for one.</summary>
    private async Task<string?> UpgradeCandidateAsync()
    {
        var until = clock.Elapsed + TimeSpan.FromMinutes(2);
        while (clock.Elapsed < until)
        {
            var candidate = readyKept.Keys.Where(n => !upgraded.ContainsKey(n)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (candidate is not null)
            {
                return candidate;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return null;
    }

    private async Task<string> PlanAsync(string name)
    {
        while (true)
        {
            try
            {
                using var http = Client();
                using var response = await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plan").GetString()!;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // that replica is down right now
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// Polls <c>helm status</c> until the release is pending-upgrade (true), or a revision after
    /// <paramref name="before"/> is already deployed (the upgrade finished before it was caught), or 90 s pass.
    /// </summary>
    private async Task<bool> PendingUpgradeAsync(string name, string ns, int before)
    {
        var until = clock.Elapsed + TimeSpan.FromSeconds(90);
        while (clock.Elapsed < until)
        {
            var (status, revision) = await ReleaseAsync(name, ns);
            if (status == "pending-upgrade")
            {
                return true;
            }

            if (status == "deployed" && revision > before)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return false;
    }

    /// <summary>The release's status and revision as <c>helm status</c> prints them (empty and 0 when unreadable).</summary>
    private async Task<(string Status, int Revision)> ReleaseAsync(string name, string ns)
    {
        var (_, output) = await Helm.RunAsync(stack!.Kubeconfig, "status", name, "-n", ns);
        var status = Regex.Match(output, @"^STATUS: (\S+)", RegexOptions.Multiline);
        var revision = Regex.Match(output, @"^REVISION: (\d+)", RegexOptions.Multiline);
        return (status.Success ? status.Groups[1].Value : "",
            revision.Success ? int.Parse(revision.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>Waits until the store's upgrade operation has ended (completed, or failed and rolled back) and counts it.</summary>
    private async Task SettleUpgradeAsync(string name)
    {
        var status = await SettleAsync(name, view => view.ValueKind == JsonValueKind.Object
            && view.TryGetProperty("operation", out var operation) && operation.ValueKind == JsonValueKind.Object
            && operation.GetProperty("kind").GetString() == "upgrade"
            && operation.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated");
        if (status is "ready" or "failed")
        {
            completions.Add(clock.Elapsed);
        }

        log($"{name}'s upgrade ended; store {status}");
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
