using System.Globalization;
using System.Text.RegularExpressions;

namespace Urumi.ClusterSim.Faults;

/// <summary>The active fault rules. Thread-safe; every change makes the controllers resync.</summary>
public sealed class FaultSet
{
    private readonly Lock gate = new();
    private readonly List<Entry> entries = [];
    private int nextId;
    private int held;
    private int peakHeld;

    /// <summary>Raised after a rule is added or removed.</summary>
    public event Action? Changed;

    public IReadOnlyList<(string Id, FaultRule Rule)> Rules
    {
        get
        {
            lock (gate)
            {
                return entries.Select(e => (e.Id, e.Rule)).ToList();
            }
        }
    }

    /// <summary>
    /// The most API requests the Latency rules held at the same time: how many requests the clients had
    /// in flight at once, as the server saw them (a held request has not been answered yet).
    /// </summary>
    public int PeakHeld
    {
        get
        {
            lock (gate)
            {
                return peakHeld;
            }
        }
    }

    /// <summary>Holds an API request for <paramref name="latency"/>'s delay, counted in <see cref="PeakHeld"/>.</summary>
    public async Task HoldAsync(FaultRule latency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(latency);
        lock (gate)
        {
            held++;
            peakHeld = Math.Max(peakHeld, held);
        }

        try
        {
            await Task.Delay(latency.Delay, cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                held--;
            }
        }
    }

    /// <summary>Adds a rule; dispose the handle (or call <see cref="Remove"/>) to lift it.</summary>
    public FaultHandle Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string id;
        lock (gate)
        {
            id = (++nextId).ToString(CultureInfo.InvariantCulture);
            entries.Add(new Entry(id, rule, rule.Count));
        }

        Changed?.Invoke();
        return new FaultHandle(this, id);
    }

    public bool Remove(string id)
    {
        bool removed;
        lock (gate)
        {
            removed = entries.RemoveAll(e => e.Id == id) > 0;
        }

        if (removed)
        {
            Changed?.Invoke();
        }

        return removed;
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }

        Changed?.Invoke();
    }

    /// <summary>The first workload rule of <paramref name="kind"/> matching the object.</summary>
    public FaultRule? Match(FaultKind kind, string? ns, string? name, IEnumerable<string>? images = null)
    {
        var imageList = images?.ToList() ?? [];
        lock (gate)
        {
            return entries.FirstOrDefault(e => e.Rule.Kind == kind
                && Glob(e.Rule.Namespace, ns)
                && Glob(e.Rule.Name, name)
                && (string.IsNullOrEmpty(e.Rule.Image) || imageList.Exists(i => Glob(e.Rule.Image, i))))?.Rule;
        }
    }

    /// <summary>An API rule of <paramref name="kind"/> for this request, counting it against Count and Rate.</summary>
    public FaultRule? MatchRequest(FaultKind kind, string verb, string? resource, string? ns, string? name)
    {
        lock (gate)
        {
            foreach (var entry in entries)
            {
                var rule = entry.Rule;
                if (rule.Kind != kind
                    || !Glob(rule.Verb, verb) || !Glob(rule.Resource, resource) || !Glob(rule.Namespace, ns) || !Glob(rule.Name, name)
                    || entry.Remaining is <= 0
                    || (rule.Rate < 1.0 && Random.Shared.NextDouble() >= rule.Rate))
                {
                    continue;
                }

                if (entry.Remaining is { } remaining)
                {
                    entry.Remaining = remaining - 1;
                }

                return rule;
            }
        }

        return null;
    }

    private static bool Glob(string? pattern, string? value)
    {
        if (string.IsNullOrEmpty(pattern) || pattern == "*")
        {
            return true;
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return value is not null && Regex.IsMatch(value, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private sealed class Entry(string id, FaultRule rule, int? remaining)
    {
        public string Id { get; } = id;

        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; } = remaining;
    }
}
