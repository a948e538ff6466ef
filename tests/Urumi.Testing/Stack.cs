using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urumi.ClusterSim;

namespace Urumi.Testing;

/// <summary>
/// The whole product on one machine: real HTTP → Urumi.Server or the Azure Functions host (child
/// processes) → durable task hub on the Azurite of build/test.sh → the real helm binary → the cluster
/// simulator (in this process) → its ingress emulation. Each stack has its own task hub, audit table
/// and simulated cluster.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    private readonly string directory;
    private readonly Dictionary<string, string> settings;
    private readonly List<HostProcess> servers = [];

    private Stack(HostKind host, ClusterSimulator cluster, string directory, Dictionary<string, string> settings)
    {
        Host = host;
        Cluster = cluster;
        this.directory = directory;
        this.settings = settings;
    }

    public HostKind Host { get; }

    public ClusterSimulator Cluster { get; }

    /// <summary>Every host process started, in order (a restart adds one).</summary>
    public IReadOnlyList<HostProcess> Servers => servers;

    public string Kubeconfig => settings["Urumi__Kubernetes__KubeConfig"];

    public string HubName { get; private init; } = "";

    public string AuditTable => settings["Urumi__Audit__TableName"];

    public string ClaimsTable => settings["Urumi__Stores__ClaimsTable"];

    /// <summary>
    /// Starts the simulator and <paramref name="servers"/> host processes of kind <paramref name="host"/>.
    /// The hosts' kubeconfig carries the simulator's admin token, or the one <paramref name="credentials"/>
    /// returns once the simulator runs (e.g. a ServiceAccount's, with RBAC enforced).
    /// </summary>
    public static async Task<Stack> StartAsync(HostKind host = HostKind.Server, SimulatorOptions? simulator = null, IReadOnlyDictionary<string, string>? overrides = null, int servers = 1, Func<ClusterSimulator, Task<string>>? credentials = null)
    {
        if (host == HostKind.Functions && FunctionsHost.Instance is null)
        {
            throw new InvalidOperationException(FunctionsHost.Missing);
        }

        var cluster = await ClusterSimulator.StartAsync(simulator ?? new SimulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(300) });
        var directory = Directory.CreateTempSubdirectory("urumi-e2e-").FullName;
        var kubeconfig = credentials is null
            ? cluster.WriteKubeconfig(Path.Combine(directory, "kubeconfig"))
            : cluster.WriteKubeconfig(Path.Combine(directory, "kubeconfig"), await credentials(cluster));
        var id = Guid.NewGuid().ToString("N")[..10];
        var hub = "E2e" + id;
        var settings = new Dictionary<string, string>
        {
            // Urumi.Server's override and the Functions host's own host.json override of the hub name.
            ["Urumi__Server__HubName"] = hub,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
            // The Functions timer needs its schedule as an app setting; a tick at most once a year
            // unless a test asks for more.
            ["Urumi__Cleanup__Schedule"] = "0 0 0 1 1 *",
            ["Urumi__Audit__TableName"] = "Audit" + id,
            // Like the audit table, the claims belong to one hub: scenarios run on both hosts with the same store names.
            ["Urumi__Stores__ClaimsTable"] = "Claims" + id,
            ["Urumi__Kubernetes__KubeConfig"] = kubeconfig,
            ["Urumi__Helm__KubeConfig"] = kubeconfig,
            ["Urumi__Helm__BinaryPath"] = Urumi.Testing.Repository.Helm,
            ["Urumi__Helm__ValuesFiles__0"] = "values-local.yaml",
            ["Urumi__Shop__IngressAddress"] = cluster.IngressUri.ToString(),
            ["Urumi__Stores__ProvisioningDeadline"] = "00:01:30",
            ["Urumi__Stores__ReadinessSlice"] = "00:00:10",
            ["Urumi__Stores__VerifyFirstRetry"] = "00:00:01",
            ["Urumi__Stores__DeletionDeadline"] = "00:01:00",
            ["Urumi__Stores__RetryAfterSeconds"] = "1",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var stack = new Stack(host, cluster, directory, settings) { HubName = hub };
        for (var i = 0; i < servers; i++)
        {
            await stack.StartServerAsync($"worker-{i}");
        }

        return stack;
    }

    /// <summary>
    /// Starts (or restarts, with the same worker id, port and — for the Functions host — key and state
    /// folder) a host process. Urumi.Server replicas are told apart by worker id; the Functions host
    /// has one instance per stack.
    /// </summary>
    public async Task<HostProcess> StartServerAsync(string workerId, int? port = null)
    {
        var server = Host switch
        {
            HostKind.Server => HostProcess.StartServer(new Dictionary<string, string>(settings) { ["Urumi__Server__WorkerId"] = workerId }, port),
            _ => HostProcess.StartFunctions(FunctionsHost.Instance!, settings, port ?? Ports.Free(), Path.Combine(directory, "functions-" + workerId)),
        };
        servers.Add(server);
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
        return server;
    }

    /// <summary>
    /// A client of host process <paramref name="server"/>; on the Functions host it sends the function
    /// key unless <paramref name="withKey"/> is false (Urumi.Server on loopback needs none).
    /// </summary>
    public HttpClient Client(int server = 0, bool withKey = true)
    {
        var http = new HttpClient { BaseAddress = servers[server].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (Host == HostKind.Functions && withKey)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);
        }

        return http;
    }

    /// <summary>Polls the store until it leaves Provisioning (or <paramref name="until"/> accepts its view), returning that view.</summary>
    public static Task<JsonElement> WaitForStoreAsync(HttpClient http, string name, TimeSpan timeout, Func<JsonElement, bool>? until = null)
    {
        until ??= view => view.GetProperty("status").GetString() is "ready" or "failed";
        return Eventually.ValueAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri($"api/stores/{name}", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            view => view.ValueKind == JsonValueKind.Object && until(view),
            $"store {name} settling",
            timeout);
    }

    /// <summary>Polls an operation until it has finished (200), returning its view.</summary>
    public static Task<JsonElement> WaitForOperationAsync(HttpClient http, string id, TimeSpan timeout) =>
        Eventually.ValueAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri($"api/operations/{id}", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            view => view.ValueKind == JsonValueKind.Object,
            $"operation {id} finishing",
            timeout);

    public async ValueTask DisposeAsync()
    {
        // Every replica's log is kept next to the test binaries for diagnosis.
        var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "e2e-logs")).FullName;
        for (var i = 0; i < servers.Count; i++)
        {
            await servers[i].DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, $"{HubName}-{Host}-{i}.log"), servers[i].Output);
        }

        await Cluster.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
