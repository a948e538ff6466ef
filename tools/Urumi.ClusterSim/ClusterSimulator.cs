using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Controllers;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Ingress;
using Urumi.ClusterSim.Rbac;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim;

/// <summary>
/// A running simulated cluster: the Kubernetes API on <see cref="ApiUri"/>, the ingress (WooCommerce
/// emulation) on <see cref="IngressUri"/>, the controller loop, and the fault switches. Start one per
/// test (they are cheap) with <see cref="StartAsync"/> and dispose it at the end.
/// </summary>
public sealed class ClusterSimulator : IAsyncDisposable
{
    private readonly WebApplication api;
    private readonly WebApplication ingress;
    private readonly ControllerManager controllers;
    private readonly KubeApi kubeApi;
    private readonly IngressGateway gateway;
    private readonly CancellationTokenSource stopping;

    private ClusterSimulator(SimulatorOptions options, ILoggerFactory loggerFactory)
    {
        Options = options;
        Store = new ObjectStore();
        Faults = new FaultSet();
        stopping = new CancellationTokenSource();
        var logger = loggerFactory.CreateLogger("Urumi.ClusterSim");
        controllers = new ControllerManager(Store, Faults, options, logger);
        gateway = new IngressGateway(Store);
        Tokens = new TokenAuthenticator(Store);
        Rbac = options.EnforceRbac ? new RbacAuthorizer(Store) : null;
        Certificate = options.EnforceRbac ? ServingCertificate.Create() : null;
        kubeApi = new KubeApi(Store, Faults, Tokens, Rbac, logger, options.LogRequests, stopping.Token);
        var admin = new AdminApi(Faults, Store);
        api = BuildApp(options.ApiPort, Certificate, context =>
            context.Request.Path.StartsWithSegments("/_sim") ? admin.HandleAsync(context) : kubeApi.HandleAsync(context));
        ingress = BuildApp(options.IngressPort, null, gateway.HandleAsync);
    }

    public SimulatorOptions Options { get; }

    /// <summary>Kubernetes API requests served so far, by User-Agent product (the benchmark tells helm's from the product's own).</summary>
    public IReadOnlyDictionary<string, long> RequestsByAgent => kubeApi.RequestsByAgent;

    /// <summary>Direct access to every object (seeding and assertions); writes go through the same rules as the API.</summary>
    public ObjectStore Store { get; }

    /// <summary>The fault switches; <c>using var _ = sim.Faults.Add(new FaultRule { … })</c>.</summary>
    public FaultSet Faults { get; }

    /// <summary>Bearer tokens: the admin's and one per ServiceAccount (<see cref="TokenAuthenticator.Issue"/>).</summary>
    public TokenAuthenticator Tokens { get; }

    /// <summary>The RBAC authorizer when <see cref="SimulatorOptions.EnforceRbac"/> is on (its denials help a failing test); null otherwise.</summary>
    public RbacAuthorizer? Rbac { get; }

    /// <summary>The API's self-signed TLS certificate when RBAC is enforced (client-go sends tokens only over HTTPS); null otherwise.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c> of the Kubernetes API (<c>https</c> when RBAC is enforced).</summary>
    public Uri ApiUri { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:PORT/</c> of the ingress; send the store's host in the Host header.</summary>
    public Uri IngressUri { get; private set; } = null!;

    public static async Task<ClusterSimulator> StartAsync(SimulatorOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var simulator = new ClusterSimulator(options ?? new SimulatorOptions(), loggerFactory ?? NullLoggerFactory.Instance);
        simulator.Seed();
        simulator.controllers.Start();
        await simulator.api.StartAsync(cancellationToken);
        await simulator.ingress.StartAsync(cancellationToken);
        simulator.ApiUri = new Uri(simulator.api.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        simulator.IngressUri = new Uri(simulator.ingress.Urls.First() + "/");
        return simulator;
    }

    /// <summary>A KubernetesClient configuration for this cluster with the admin's token.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration() => new()
    {
        Host = ApiUri.ToString().TrimEnd('/'),
        AccessToken = TokenAuthenticator.AdminToken,
        SslCaCerts = Certificate is null ? null : [X509CertificateLoader.LoadCertificate(Certificate.RawData)],
    };

    public Kubernetes CreateClient() => new(CreateClientConfiguration());

    /// <summary>
    /// Writes a kubeconfig (context <c>urumi-sim</c>) for helm, kubectl and KubernetesClient; returns
    /// the path. Its user carries <paramref name="token"/>, by default the admin's
    /// (<c>system:masters</c>: full access when RBAC is enforced, and ignored when it is not).
    /// </summary>
    public string WriteKubeconfig(string path, string token = TokenAuthenticator.AdminToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: urumi-sim
              cluster:
                server: {ApiUri.ToString().TrimEnd('/')}{CertificateAuthority()}
            users:
            - name: urumi-sim
              user:
                token: {token}
            contexts:
            - name: urumi-sim
              context:
                cluster: urumi-sim
                user: urumi-sim
                namespace: default
            current-context: urumi-sim

            """);
        return path;
    }

    private string CertificateAuthority() => Certificate is null
        ? ""
        : "\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.ASCII.GetBytes(Certificate.ExportCertificatePem()));

    /// <summary>The emulated WooCommerce behind <paramref name="host"/>, or null when no Ingress declares it.</summary>
    public WooCommerceStore? Shop(string host) => IngressNamespace(host) is { } ns ? gateway.Shop(ns, host) : null;

    /// <summary>The emulated MedusaJS behind <paramref name="host"/>, or null when no Ingress declares it.</summary>
    public MedusaStore? Medusa(string host) => IngressNamespace(host) is { } ns ? gateway.Medusa(ns, host) : null;

    private string? IngressNamespace(string host) =>
        Store.List(ResourceCatalog.Ingresses)
            .FirstOrDefault(i => (i.At("spec", "rules") as JsonArray ?? []).Any(r => string.Equals(r.Str("host"), host, StringComparison.OrdinalIgnoreCase)))
            ?.Namespace();

    /// <summary>Creates a namespace (tests; Helm itself uses server-side apply).</summary>
    public JsonObject CreateNamespace(string name) =>
        Store.Create(ResourceCatalog.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Store.DropAllWatches();
        await controllers.DisposeAsync();
        await api.StopAsync();
        await ingress.StopAsync();
        await api.DisposeAsync();
        await ingress.DisposeAsync();
        Certificate?.Dispose();
        stopping.Dispose();
    }

    private static WebApplication BuildApp(int port, X509Certificate2? certificate, RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // No console lifetime: it would swallow SIGTERM/Ctrl+C of the hosting process (a test host).
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseSockets(sockets => sockets.NoDelay = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            kestrel.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private void Seed()
    {
        // As on a real cluster, any authenticated user may read discovery, OpenAPI and the version.
        Store.Create(ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRole"), null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "system:discovery" },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["verbs"] = new JsonArray("get"),
                ["nonResourceURLs"] = new JsonArray("/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/", "/healthz", "/livez", "/readyz"),
            }),
        });
        Store.Create(ResourceCatalog.RequireKind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"), null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "system:discovery" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "system:discovery" },
            ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = "system:authenticated" }),
        });

        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            CreateNamespace(name);
        }

        Store.Create(ResourceCatalog.Nodes, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Kubelet.NodeName, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = Kubelet.NodeName, ["kubernetes.io/os"] = "linux" } },
        });
        Store.Update(ResourceCatalog.Nodes, null, Kubelet.NodeName, n =>
        {
            var status = n.Obj("status");
            Json.SetCondition(status, "Ready", true, "KubeletReady", "kubelet is posting ready status", Store.Now);
            status["capacity"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "250" };
            status["allocatable"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "250" };
        }, status: true, fieldManager: "kubelet");
        Store.Create(ResourceCatalog.RequireKind("storage.k8s.io/v1", "StorageClass"), null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "local-path", ["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" } },
            ["provisioner"] = "rancher.io/local-path",
            ["reclaimPolicy"] = "Delete",
            ["volumeBindingMode"] = "Immediate",
        });
        foreach (var className in new[] { "nginx", "traefik" })
        {
            Store.Create(ResourceCatalog.RequireKind("networking.k8s.io/v1", "IngressClass"), null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = className },
                ["spec"] = new JsonObject { ["controller"] = className == "nginx" ? "k8s.io/ingress-nginx" : "traefik.io/ingress-controller" },
            });
        }
    }
}
