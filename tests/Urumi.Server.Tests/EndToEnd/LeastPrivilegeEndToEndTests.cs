using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Urumi.ClusterSim;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;

namespace Urumi.Server.Tests.EndToEnd;

/// <summary>
/// Least privilege, proven: the platform chart (charts/urumi) is installed with helm into a simulator
/// that enforces RBAC, and Urumi.Server runs with its ServiceAccount's token. One run — a store
/// created, deleted and swept by a cleanup tick, then a store whose pods are refused (the failure
/// path: FailedCreate events, uninstall) — succeeds with the chart's ClusterRole and uses every verb
/// it grants; with any one of its rules removed, the same run fails with the API server's 403.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed partial class LeastPrivilegeEndToEndTests
{
    private const string PlatformNamespace = "urumi";
    private const string ServiceAccount = "urumi";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private static readonly ApiResource ClusterRoles = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRole");

    [Fact]
    public async Task Run_ChartServiceAccount_SucceedsWithoutDenialsAndUsesEveryGrant()
    {
        await using var stack = await StartAsync();
        using var http = stack.Client();

        var failure = await RunAsync(stack, http, "full");

        var rbac = stack.Cluster.Rbac!;
        Assert.True(failure is null, failure + "\nDenied: " + string.Join("\n", rbac.Denials));
        Assert.Empty(rbac.Denials);
        Assert.False(stack.Cluster.Store.NamespaceExists("store-full"));
        var used = rbac.Granted.Where(g => g.User.Name == $"system:serviceaccount:{PlatformNamespace}:{ServiceAccount}").Select(g => g.Request).ToList();
        var unused = (from rule in ProvisionerRole(stack)["rules"]!.AsArray().Select(r => r!.AsObject())
                      from verb in Strings(rule, "verbs")
                      from resource in Strings(rule, "resources")
                      from apiGroup in Strings(rule, "apiGroups")
                      where !used.Any(r => r.Verb == verb && r.ApiGroup == apiGroup && r.ResourceWithSubresource == resource)
                      select $"{verb} {apiGroup}/{resource}").ToList();
        Assert.True(unused.Count == 0, "Granted but never used: " + string.Join(", ", unused));
    }

    [Fact]
    public async Task Run_EachClusterRoleRuleRemoved_FailsWithForbidden()
    {
        await using var stack = await StartAsync();
        using var http = stack.Client();
        var role = ProvisionerRole(stack);
        var rules = role["rules"]!.AsArray().Select(r => r!.DeepClone()).ToList();
        Assert.True(rules.Count >= 5, role.ToJsonString());

        var outcomes = new List<(string Rule, string? Failure)>();
        for (var i = 0; i < rules.Count; i++)
        {
            SetRules(stack, Name(role), rules.Where((_, j) => j != i));
            outcomes.Add((rules[i]!.ToJsonString(), await RunAsync(stack, http, $"r{i}")));
            SetRules(stack, Name(role), rules);
        }

        var report = string.Join("\n", outcomes.Select(o => $"without {o.Rule}: {o.Failure ?? "the run succeeded"}"));
        Assert.True(outcomes.All(o => o.Failure is not null && RbacDenial().IsMatch(o.Failure)), report);
    }

    private static async Task<Stack> StartAsync() =>
        await Stack.StartAsync(
            HostKind.Server,
            new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(300), EnforceRbac = true },
            new Dictionary<string, string> { ["Urumi__Stores__ProvisioningDeadline"] = "00:00:45" },
            credentials: InstallPlatformChartAsync);

    /// <summary>Installs charts/urumi with the admin kubeconfig and returns a token of its ServiceAccount.</summary>
    private static async Task<string> InstallPlatformChartAsync(ClusterSimulator cluster)
    {
        var folder = Directory.CreateTempSubdirectory("urumi-lp-");
        var admin = cluster.WriteKubeconfig(Path.Combine(folder.FullName, "admin"));
        var chart = Path.Combine(Urumi.Testing.Repository.Root, "charts", "urumi");
        var (exit, output) = await Helm.RunAsync(admin, "install", "urumi", chart, "-n", PlatformNamespace, "--create-namespace", "-f", Path.Combine(chart, "values-local.yaml"));
        folder.Delete(recursive: true);
        Assert.True(exit == 0, output);
        using var client = cluster.CreateClient();
        var request = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, ServiceAccount, PlatformNamespace);
        return request.Status.Token;
    }

    /// <summary>
    /// The run: store <c>{prefix}-ok</c> created, deleted and swept by a cleanup tick, then store
    /// <c>{prefix}-no</c> whose pods are refused, which must fail for that reason. Null when all went
    /// as expected; otherwise the first unexpected failure, in the API's own words.
    /// </summary>
    private static async Task<string?> RunAsync(Stack stack, HttpClient http, string prefix)
    {
        var name = prefix + "-ok";

        // The pods of this store become ready well after the install, so the readiness wait finds them not
        // ready at its first list and watches pods (a grant the run must use). With the simulator's usual
        // 300 ms a loaded machine can reach the first list after the pods are ready, and nothing is watched.
        using var slowPods = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.ReadyDelay, Namespace = "store-" + name, Delay = TimeSpan.FromSeconds(15) });
        var (status, texts) = await CreateAsync(http, name);
        if (status != "ready")
        {
            return "create: " + texts;
        }

        var deleted = await http.DeleteAsync(new Uri($"api/stores/{name}", UriKind.Relative));
        if (deleted.StatusCode != HttpStatusCode.Accepted)
        {
            return $"delete answered {(int)deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}";
        }

        var deletion = await Stack.WaitForOperationAsync(http, "delete-" + name, Settle);
        if (deletion.GetProperty("runtimeStatus").GetString() != "Completed" || (await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative))).StatusCode != HttpStatusCode.NotFound)
        {
            return "delete: " + Texts(deletion);
        }

        var cleanup = await http.PostAsync(new Uri("api/cleanup", UriKind.Relative), null);
        if (cleanup.StatusCode != HttpStatusCode.Accepted)
        {
            return $"cleanup answered {(int)cleanup.StatusCode}: {await cleanup.Content.ReadAsStringAsync()}";
        }

        var id = (await cleanup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var tick = await Stack.WaitForOperationAsync(http, id, Settle);
        var unfinished = tick.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Object && output.TryGetProperty("items", out var items)
            && items.EnumerateArray().Any(i => i.GetProperty("outcome").GetString() != "Done");
        if (tick.GetProperty("runtimeStatus").GetString() != "Completed" || unfinished)
        {
            return "cleanup: " + Texts(tick);
        }

        var refused = prefix + "-no";
        using var fault = stack.Cluster.Faults.Add(new FaultRule { Kind = FaultKind.PodSecurityRejection, Namespace = "store-" + refused });
        var (refusedStatus, reason) = await CreateAsync(http, refused);
        return refusedStatus == "failed" && reason.Contains("PodSecurity", StringComparison.Ordinal) && !RbacDenial().IsMatch(reason)
            ? null
            : "refused store: " + reason;
    }

    /// <summary>Creates a store and waits until it is ready or failed, or its operation has failed: its status and texts.</summary>
    private static async Task<(string? Status, string Texts)> CreateAsync(HttpClient http, string name)
    {
        var created = await http.PostJsonAsync("api/stores", new { name });
        if (created.StatusCode != HttpStatusCode.Accepted)
        {
            return ("refused", $"{(int)created.StatusCode}: " + Texts(await created.Content.ReadFromJsonAsync<JsonElement>()));
        }

        var view = await Stack.WaitForStoreAsync(http, name, Settle, view =>
            view.GetProperty("status").GetString() is "ready" or "failed"
            || (view.TryGetProperty("operation", out var operation) && operation.GetProperty("runtimeStatus").GetString() is "Failed" or "Terminated"));
        return (view.GetProperty("status").GetString(), Texts(view));
    }

    /// <summary>Every string in a JSON answer, unescaped: the error texts the API reports.</summary>
    private static string Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object => string.Join(" | ", element.EnumerateObject().Select(p => Texts(p.Value)).Where(t => t.Length > 0)),
        JsonValueKind.Array => string.Join(" | ", element.EnumerateArray().Select(Texts).Where(t => t.Length > 0)),
        _ => "",
    };

    private static JsonObject ProvisionerRole(Stack stack) =>
        stack.Cluster.Store.List(ClusterRoles).Single(r => Name(r).EndsWith("-provisioner", StringComparison.Ordinal));

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    private static IEnumerable<string> Strings(JsonObject rule, string field) => rule[field]!.AsArray().Select(v => v!.GetValue<string>());

    private static void SetRules(Stack stack, string roleName, IEnumerable<JsonNode?> rules) =>
        stack.Cluster.Store.Update(ClusterRoles, null, roleName, role => role["rules"] = new JsonArray([.. rules.Select(r => r!.DeepClone())]), fieldManager: "least-privilege-test");

    /// <summary>The RBAC authorizer's 403, as it reaches the API's error texts (helm's are passed through Urumi's redaction).</summary>
    [GeneratedRegex("""forbidden: User "system:serviceaccount:[^"]+" cannot \w+ resource""")]
    private static partial Regex RbacDenial();
}
