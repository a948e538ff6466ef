using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Tests;

/// <summary>RBAC enforcement: tokens, the authorizer's rule matching, and the real API server's 401/403 shapes.</summary>
public sealed class RbacTests
{
    private static readonly ApiResource Roles = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "Role");
    private static readonly ApiResource RoleBindings = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "RoleBinding");
    private static readonly ApiResource ClusterRoles = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRole");
    private static readonly ApiResource ClusterRoleBindings = ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
    private static readonly ApiResource ServiceAccounts = ResourceCatalog.RequireKind("v1", "ServiceAccount");

    [Fact]
    public async Task Request_RbacOff_AnyCallerMayDoAnything()
    {
        await using var sim = await ClusterSimulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.ApiUri };

        var response = await http.GetAsync(new Uri("api/v1/namespaces", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http", sim.ApiUri.Scheme);
    }

    [Fact]
    public async Task Request_RbacOnWithoutToken_Answers401Status()
    {
        await using var sim = await StartAsync();
        using var http = Http(sim, token: null);

        var response = await http.GetAsync(new Uri("api/v1/namespaces", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_AdminKubeconfigClient_HasFullAccess()
    {
        await using var sim = await StartAsync();
        using var client = sim.CreateClient();

        var created = await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "anything" } });

        Assert.Equal("anything", created.Metadata.Name);
        Assert.Equal("https", sim.ApiUri.Scheme);
    }

    [Fact]
    public async Task TokenRequest_ServiceAccountWithoutBindings_MayReadDiscoveryButNotResources()
    {
        await using var sim = await StartAsync();
        var token = await IssueTokenAsync(sim, "apps", "robot");
        using var http = Http(sim, token);

        var discovery = await http.GetAsync(new Uri("apis", UriKind.Relative));
        var list = await http.GetAsync(new Uri("api/v1/namespaces/apps/secrets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        var expected = JsonNode.Parse("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets is forbidden: User \"system:serviceaccount:apps:robot\" cannot list resource \"secrets\" in API group \"\" in the namespace \"apps\"","reason":"Forbidden","details":{"group":"","kind":"secrets"},"code":403}""");
        var status = JsonNode.Parse(await list.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(expected, status), status!.ToJsonString());
    }

    [Fact]
    public async Task RoleBinding_Role_AllowsOnlyItsVerbsInItsNamespace()
    {
        await using var sim = await StartAsync();
        var token = await IssueTokenAsync(sim, "apps", "robot");
        sim.CreateNamespace("other");
        Bind(sim, "apps", Rule(["get", "list"], [""], ["configmaps"]));
        using var http = Http(sim, token);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("api/v1/namespaces/apps/configmaps", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("api/v1/namespaces/apps/configmaps?watch=true", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("api/v1/namespaces/other/configmaps", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("api/v1/configmaps", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.DeleteAsync(new Uri("api/v1/namespaces/apps/configmaps", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ClusterRoleBinding_ResourceNamesAndSubresources_MatchAsKubernetesDoes()
    {
        await using var sim = await StartAsync();
        var token = await IssueTokenAsync(sim, "apps", "robot");
        sim.Store.Create(ClusterRoles, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "narrow" },
            ["rules"] = new JsonArray(
                Rule(["get"], [""], ["secrets"], ["allowed"]),
                Rule(["create"], [""], ["serviceaccounts/token"]),
                Rule(["get"], ["apps"], ["*/status"])),
        });
        sim.Store.Create(ClusterRoleBindings, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "narrow" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "narrow" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "robot", ["namespace"] = "apps" }),
        });
        using var http = Http(sim, token);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/v1/namespaces/apps/secrets/allowed", UriKind.Relative))).StatusCode);
        var other = await http.GetAsync(new Uri("api/v1/namespaces/apps/secrets/other", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var message = JsonNode.Parse(await other.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.StartsWith("secrets \"other\" is forbidden: User \"system:serviceaccount:apps:robot\" cannot get resource \"secrets\"", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("api/v1/namespaces/apps/secrets", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("apis/apps/v1/namespaces/apps/deployments/web/status", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("apis/apps/v1/namespaces/apps/deployments/web", UriKind.Relative))).StatusCode);
        using var tokenRequest = new StringContent("""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}""", null, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(new Uri("api/v1/namespaces/apps/serviceaccounts/robot/token", UriKind.Relative), tokenRequest)).StatusCode);
    }

    [Fact]
    public async Task Token_ServiceAccountDeleted_IsNoLongerAccepted()
    {
        await using var sim = await StartAsync();
        var token = await IssueTokenAsync(sim, "apps", "robot");
        using var http = Http(sim, token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("version", UriKind.Relative))).StatusCode);

        sim.Store.Delete(ServiceAccounts, "apps", "robot");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("version", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Helm_ServiceAccountKubeconfigWithoutSecretsAccess_FailsWithForbidden()
    {
        await using var sim = await StartAsync();
        var token = await IssueTokenAsync(sim, "apps", "robot");
        using var helm = new HelmSession(sim);
        var kubeconfig = sim.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("urumi-rbac-").FullName, "config"), token);

        var result = await helm.RunAsync("list", "-n", "apps", "--kubeconfig", kubeconfig);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("secrets is forbidden: User \"system:serviceaccount:apps:robot\" cannot list resource \"secrets\"", result.Stderr, StringComparison.Ordinal);
    }

    private static Task<ClusterSimulator> StartAsync() => ClusterSimulator.StartAsync(new SimulatorOptions { EnforceRbac = true });

    private static async Task<string> IssueTokenAsync(ClusterSimulator sim, string ns, string name)
    {
        using var client = sim.CreateClient();
        if (!sim.Store.NamespaceExists(ns))
        {
            sim.CreateNamespace(ns);
        }

        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns);
        var request = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, name, ns);
        return request.Status.Token;
    }

    private static HttpClient Http(ClusterSimulator sim, string? token)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == sim.Certificate!.Thumbprint };
        var http = new HttpClient(handler) { BaseAddress = sim.ApiUri };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static void Bind(ClusterSimulator sim, string ns, JsonObject rule)
    {
        sim.Store.Create(Roles, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "reader" }, ["rules"] = new JsonArray(rule) });
        sim.Store.Create(RoleBindings, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "reader" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "reader" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "robot", ["namespace"] = ns }),
        });
    }

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null)
    {
        var rule = new JsonObject
        {
            ["verbs"] = new JsonArray([.. verbs.Select(v => JsonValue.Create(v))]),
            ["apiGroups"] = new JsonArray([.. groups.Select(g => JsonValue.Create(g))]),
            ["resources"] = new JsonArray([.. resources.Select(r => JsonValue.Create(r))]),
        };
        if (names is not null)
        {
            rule["resourceNames"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]);
        }

        return rule;
    }
}
