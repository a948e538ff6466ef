using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;

namespace Urumi.Testing.Chaos;

/// <summary>The invariants a chaos run must leave true, each checked against the API, helm and the cluster.</summary>
public sealed class ChaosChecks(Stack stack, Func<HttpClient> client)
{
    public async Task<IReadOnlyList<ChaosInvariant>> RunAsync(IReadOnlyList<string> requested, IReadOnlySet<string> deleted)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(deleted);
        var kept = requested.Where(n => !deleted.Contains(n)).ToList();
        var views = new Dictionary<string, JsonElement?>();
        foreach (var name in requested)
        {
            views[name] = await ViewAsync(name);
        }

        using var kubernetes = stack.Cluster.CreateClient();
        var namespaces = (await kubernetes.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).Where(n => n.StartsWith("store-", StringComparison.Ordinal)).ToHashSet();
        var releases = new List<JsonElement>();
        var helmErrors = new List<string>();
        foreach (var ns in namespaces.Union(requested.Select(n => "store-" + n)).Order(StringComparer.Ordinal))
        {
            var (code, listed) = await Helm.RunAsync(stack.Kubeconfig, "list", "-n", ns, "-o", "json");
            var start = listed.IndexOf('[', StringComparison.Ordinal);
            if (code != 0 || start < 0)
            {
                helmErrors.Add($"{ns}: {listed.Trim()}");
                continue;
            }

            releases.AddRange(JsonSerializer.Deserialize<List<JsonElement>>(listed[start..]) ?? []);
        }

        var exit = helmErrors.Count;
        var helmNote = helmErrors.Count == 0 ? "" : "; helm list failed: " + string.Join("; ", helmErrors);

        var unsettled = kept.Where(n => views[n] is not { } v || v.GetProperty("status").GetString() switch
        {
            "ready" => false,
            "failed" => string.IsNullOrWhiteSpace(v.TryGetProperty("lastError", out var e) ? e.GetString() : null),
            _ => true,
        }).ToList();
        var lingering = deleted.Where(n => views[n] is not null || namespaces.Contains("store-" + n) || releases.Any(r => r.GetProperty("name").GetString() == n)).ToList();
        var pending = releases.Where(r => r.GetProperty("status").GetString()!.StartsWith("pending", StringComparison.Ordinal)).Select(r => r.GetProperty("name").GetString()).ToList();
        var notOne = kept.Where(n => views[n]?.GetProperty("status").GetString() == "ready")
            .Where(n => releases.Count(r => r.GetProperty("namespace").GetString() == "store-" + n) != 1).ToList();
        var orphans = namespaces.Where(ns => !kept.Any(n => "store-" + n == ns)).ToList();
        return
        [
            new("every requested store is Ready or Failed with a reason", unsettled.Count == 0, unsettled.Count == 0 ? $"{kept.Count} kept stores settled" : "not settled: " + string.Join(", ", unsettled)),
            new("every deleted store is gone (API, namespace, release)", lingering.Count == 0, lingering.Count == 0 ? $"{deleted.Count} deleted stores gone" : "still there: " + string.Join(", ", lingering)),
            new("no release left pending-*", exit == 0 && pending.Count == 0, (pending.Count == 0 ? $"{releases.Count} releases checked" : "pending: " + string.Join(", ", pending)) + helmNote),
            new("exactly one release per Ready store", notOne.Count == 0, notOne.Count == 0 ? "each Ready store has one release" : "not one: " + string.Join(", ", notOne)),
            new("no orphan store namespace", orphans.Count == 0, orphans.Count == 0 ? $"{namespaces.Count} store namespaces, all kept stores" : "orphans: " + string.Join(", ", orphans)),
        ];
    }

    private async Task<JsonElement?> ViewAsync(string name)
    {
        var (_, view) = await Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    using var http = client();
                    using var response = await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative));
                    return response.StatusCode switch
                    {
                        HttpStatusCode.OK => (true, (JsonElement?)await response.Content.ReadFromJsonAsync<JsonElement>()),
                        HttpStatusCode.NotFound => (true, null),
                        _ => (false, null),
                    };
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return (false, null);
                }
            },
            r => r.Item1,
            $"store {name} readable",
            TimeSpan.FromMinutes(2));
        return view;
    }
}
