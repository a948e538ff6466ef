using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Azure.Data.Tables;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Testing.Chaos;

/// <summary>
/// The invariants a chaos run must leave true, each checked against the API, helm, the cluster, the
/// replicas' output and the run's storage (<see cref="StorageContents"/>).
/// </summary>
public sealed class ChaosChecks(Stack stack, Func<HttpClient> client, StorageContents storage)
{
    /// <summary>Credential keys that are no secret (the admin's user name and e-mail address).</summary>
    private static readonly HashSet<string> PublicCredentials = [CredentialKeys.AdminUser, CredentialKeys.AdminEmail];

    public async Task<IReadOnlyList<ChaosInvariant>> RunAsync(IReadOnlyList<string> requested, IReadOnlySet<string> deleted, IReadOnlyDictionary<string, PlanChange> upgraded)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(deleted);
        ArgumentNullException.ThrowIfNull(upgraded);
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
        var auditRows = (await storage.RowsAsync(stack.AuditTable)).Where(r => r.ContainsKey("OperationId") && r.ContainsKey("Step")).ToList();
        var duplicates = DuplicateAuditRows(auditRows);
        var ready = kept.Where(n => views[n]?.GetProperty("status").GetString() == "ready").ToList();
        var trails = IncompleteTrails(auditRows, ready, deleted, upgraded.Keys);
        var offPlan = upgraded.Where(u => !OnPlan(views[u.Key], u.Value)).Select(u => $"{u.Key} ({Describe(views[u.Key])})").ToList();
        var (secrets, places, leaks) = await LeakedSecretsAsync(kubernetes, kept);
        return
        [
            new("every requested store is Ready or Failed with a reason", unsettled.Count == 0, unsettled.Count == 0 ? $"{kept.Count} kept stores settled" : "not settled: " + string.Join(", ", unsettled)),
            new("every deleted store is gone (API, namespace, release)", lingering.Count == 0, lingering.Count == 0 ? $"{deleted.Count} deleted stores gone" : "still there: " + string.Join(", ", lingering)),
            new("no release left pending-*", exit == 0 && pending.Count == 0, (pending.Count == 0 ? $"{releases.Count} releases checked" : "pending: " + string.Join(", ", pending)) + helmNote),
            new("exactly one release per Ready store", notOne.Count == 0, notOne.Count == 0 ? "each Ready store has one release" : "not one: " + string.Join(", ", notOne)),
            new("no orphan store namespace", orphans.Count == 0, orphans.Count == 0 ? $"{namespaces.Count} store namespaces, all kept stores" : "orphans: " + string.Join(", ", orphans)),
            new("no duplicate audit row for one step", duplicates.Rows > 0 && duplicates.Repeated.Count == 0, duplicates.Repeated.Count == 0
                ? $"{duplicates.Rows} audit rows, one per operation and step in each trail"
                : "repeated: " + string.Join(", ", duplicates.Repeated)),
            new("every upgraded store is Ready on its new plan, or on its old one with a reason", offPlan.Count == 0, offPlan.Count == 0
                ? upgraded.Count == 0 ? "no store was upgraded in this run" : $"{upgraded.Count} upgraded: " + string.Join(", ", upgraded.Select(u => $"{u.Key} on {views[u.Key]?.GetProperty("plan").GetString()}"))
                : "not so: " + string.Join(", ", offPlan)),
            new("every store's audit trail is complete", trails.Checked > 0 && trails.Missing.Count == 0, trails.Missing.Count == 0
                ? trails.Checked > 0 ? $"{trails.Checked} operations with all their steps ({ready.Count} Ready stores' creates, {deleted.Count} deleted stores' creates and deletes, {upgraded.Count} upgrades)" : "no trail to check"
                : "incomplete: " + string.Join(", ", trails.Missing)),
            new("no secret in logs or task-hub data", secrets > 0 && leaks.Count == 0, leaks.Count == 0
                ? $"{secrets} generated secrets of the kept stores found in none of {stack.Servers.Count} replica outputs and {places} stored items"
                : "leaked: " + string.Join(", ", leaks)),
        ];
    }

    /// <summary>
    /// Each trail of the audit table (per store, per month) must hold one row per operation and step:
    /// a retried activity overwrites its row, never adds one. Empty when no row was written at all.
    /// </summary>
    private static (int Rows, List<string> Repeated) DuplicateAuditRows(List<TableEntity> rows)
    {
        var repeated = rows
            .GroupBy(r => (r.PartitionKey, Operation: r.GetString("OperationId"), Step: r.GetString("Step")))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Operation}/{g.Key.Step} ×{g.Count()} in {g.Key.PartitionKey}")
            .ToList();
        return (rows.Count, repeated);
    }

    /// <summary>
    /// Each store's own trail (partition <c>store|{name}</c>) must hold every step its operations write
    /// (docs/operations.md): a Ready or deleted store's create <c>accepted</c>, <c>installing</c>,
    /// <c>ready</c>; a deleted store's delete <c>accepted</c>, <c>deleted</c>; an upgrade <c>accepted</c>
    /// and its end, <c>ready</c> or <c>failed</c> (rolled back). Returns how many operations were checked.
    /// </summary>
    private static (int Checked, List<string> Missing) IncompleteTrails(List<TableEntity> rows, IEnumerable<string> ready, IEnumerable<string> deleted, IEnumerable<string> upgraded)
    {
        var expected = ready.Concat(deleted).Select(n => (Store: n, Prefix: WorkflowIds.ProvisionPrefix, Steps: new[] { Steps.Accepted, Steps.Installing, Steps.Ready }, End: (string?)null))
            .Concat(deleted.Select(n => (Store: n, Prefix: WorkflowIds.DeletePrefix, Steps: new[] { Steps.Accepted, Steps.Deleted }, End: (string?)null)))
            .Concat(upgraded.Select(n => (Store: n, Prefix: WorkflowIds.UpgradePrefix, Steps: new[] { Steps.Accepted }, End: (string?)Steps.Ready)))
            .ToList();
        var missing = new List<string>();
        foreach (var (store, prefix, steps, end) in expected)
        {
            var operation = prefix + store + "@";
            var written = rows.Where(r => r.PartitionKey == "store|" + store && r.GetString("OperationId").StartsWith(operation, StringComparison.Ordinal))
                .Select(r => r.GetString("Step")).ToHashSet();
            var lacking = steps.Where(s => !written.Contains(s)).ToList();
            if (end is not null && !written.Contains(end) && !written.Contains(Steps.Failed))
            {
                lacking.Add($"{end} or {Steps.Failed}");
            }

            if (lacking.Count > 0)
            {
                missing.Add($"{store} {prefix.TrimEnd('-')} lacks {string.Join(", ", lacking)}");
            }
        }

        return (expected.Count, missing);
    }

    /// <summary>Ready on the plan it was moved to, or back on the plan it had with the upgrade's failure given as the reason.</summary>
    private static bool OnPlan(JsonElement? view, PlanChange change)
    {
        if (view is not { } v || v.GetProperty("status").GetString() != "ready")
        {
            return false;
        }

        var plan = v.GetProperty("plan").GetString();
        var outcome = v.TryGetProperty("operation", out var operation) && operation.ValueKind == JsonValueKind.Object ? operation.GetProperty("runtimeStatus").GetString() : null;
        var reason = v.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object && progress.TryGetProperty("error", out var error) ? error.GetString() : null;
        return (plan == change.To && outcome == "Completed") || (plan == change.From && outcome == "Failed" && !string.IsNullOrWhiteSpace(reason));
    }

    private static string Describe(JsonElement? view) => view is not { } v ? "gone"
        : $"{v.GetProperty("status").GetString()} on {v.GetProperty("plan").GetString()}, operation {(v.TryGetProperty("operation", out var o) && o.ValueKind == JsonValueKind.Object ? o.GetProperty("runtimeStatus").GetString() : "none")}"
            + (v.TryGetProperty("lastError", out var e) && e.ValueKind == JsonValueKind.String ? $", last error: {e.GetString()}" : "");

    /// <summary>
    /// The generated credentials of the kept stores (read from their Secrets) must appear in no
    /// replica's output and nowhere in the run's storage. Leaks are named by store, key and place —
    /// never by value.
    /// </summary>
    private async Task<(int Secrets, int Places, List<string> Leaks)> LeakedSecretsAsync(IKubernetes kubernetes, IReadOnlyList<string> kept)
    {
        var secrets = new List<(string Owner, string Value)>();
        foreach (var name in kept)
        {
            var naming = new StoreNaming(StoreName.Parse(name), "chaos.invalid");
            try
            {
                var secret = await kubernetes.CoreV1.ReadNamespacedSecretAsync(naming.CredentialsSecret, naming.Namespace);
                secrets.AddRange((secret.Data ?? new Dictionary<string, byte[]>())
                    .Where(d => !PublicCredentials.Contains(d.Key))
                    .Select(d => ($"{name}/{d.Key}", System.Text.Encoding.UTF8.GetString(d.Value)))
                    .Where(s => s.Item2.Length > 0));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // A store that failed before its Secret was made has no credentials to leak.
            }
        }

        var leaks = new List<string>();
        void Search(string where, string text) =>
            leaks.AddRange(secrets.Where(s => text.Contains(s.Value, StringComparison.Ordinal)).Select(s => $"{s.Owner} in {where}"));

        for (var i = 0; i < stack.Servers.Count; i++)
        {
            Search($"replica output {i} ({stack.Servers[i].Name})", stack.Servers[i].Output);
        }

        var places = 0;
        await foreach (var (where, text) in storage.TextsAsync())
        {
            places++;
            Search(where, text);
        }

        return (secrets.Count, places, leaks);
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
