using System.Collections.Concurrent;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Workflows;

/// <summary>An in-memory cluster: namespaces with phases, one credentials Secret each, scripted readiness.</summary>
internal sealed class FakeCluster : ICluster
{
    public const string GeneratedPassword = "pw-Zq8#generated-secret-7Kx";

    public ConcurrentDictionary<string, FakeNamespace> Namespaces { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Readiness answers in order; the last one repeats.</summary>
    public List<ReadinessReport> ReadinessScript { get; } = [Ready()];

    public TimeSpan ReadinessDelay { get; set; }

    public bool NamespaceNeverGoes { get; set; }

    private int readinessCalls;

    public int CredentialsCreated;

    public static ReadinessReport Ready() => new(true, [new PodState("web-0", "Running", true, PodProblem.None, 0, null)], [], null);

    public static ReadinessReport NotReady(string pod, PodProblem problem, string message) =>
        new(false, [new PodState(pod, "Running", false, problem, 0, message)], [$"deployment {pod}: 0/1 ready"], null);

    public static ReadinessReport Fatal(string reason) =>
        new(false, [new PodState("web-0", "Pending", false, PodProblem.ImagePullBackOff, 0, reason)], [], reason);

    /// <summary>Failures the next namespace preparations throw, in order.</summary>
    public ConcurrentQueue<Exception> PrepareFailures { get; } = new();

    /// <summary>Failures the next credential reads throw, in order.</summary>
    public ConcurrentQueue<Exception> CredentialReadFailures { get; } = new();

    public Task PrepareNamespaceAsync(NamespaceSpec spec, CancellationToken cancellationToken)
    {
        Calls.Enqueue("prepare");
        if (PrepareFailures.TryDequeue(out var failure)) throw failure;
        var ns = Namespaces.GetOrAdd(spec.Name, _ => new FakeNamespace());
        foreach (var (k, v) in spec.Labels) ns.Labels[k] = v;
        foreach (var (k, v) in spec.Annotations) ns.Annotations[k] = v;
        return Task.CompletedTask;
    }

    public Task<bool> EnsureCredentialsAsync(string namespaceName, string secretName, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var ns = Namespaces[namespaceName];
        if (ns.Secret is not null)
        {
            return Task.FromResult(false);
        }

        Interlocked.Increment(ref CredentialsCreated);
        ns.Secret = new StoreCredentials(CredentialKeys.AdminUserName, GeneratedPassword, "admin@example.invalid", GeneratedPassword + "-app");
        return Task.FromResult(true);
    }

    public Task<StoreCredentials?> ReadCredentialsAsync(string namespaceName, string secretName, CancellationToken cancellationToken) =>
        CredentialReadFailures.TryDequeue(out var failure)
            ? Task.FromException<StoreCredentials?>(failure)
            : Task.FromResult(Namespaces.TryGetValue(namespaceName, out var ns) ? ns.Secret : null);

    /// <summary>Every readiness wait takes this long (to let waits overlap); <see cref="MaxConcurrentWaits"/> counts how many did.</summary>
    public TimeSpan WaitHold { get; set; }

    public int MaxConcurrentWaits;
    private int waiting;

    public async Task<ReadinessReport> WaitForReadyAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref waiting);
        try
        {
            int max;
            while (now > (max = MaxConcurrentWaits) && Interlocked.CompareExchange(ref MaxConcurrentWaits, now, max) != max)
            {
            }

            await Task.Delay(WaitHold, cancellationToken);
            return await WaitScriptedAsync(maxWait, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    /// <summary>Failures the next readiness waits throw, in order (before the script is read).</summary>
    public ConcurrentQueue<Exception> ReadinessFailures { get; } = new();

    private async Task<ReadinessReport> WaitScriptedAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Calls.Enqueue("wait-ready");
        if (ReadinessFailures.TryDequeue(out var failure)) throw failure;
        var index = Interlocked.Increment(ref readinessCalls) - 1;
        var report = ReadinessScript[Math.Min(index, ReadinessScript.Count - 1)];
        if (!report.Ready && report.FatalReason is null)
        {
            await Task.Delay(ReadinessDelay < maxWait ? ReadinessDelay : maxWait, cancellationToken);
        }

        return report;
    }

    public Task SetPhaseAsync(string namespaceName, StoreStatus phase, string? lastError, CancellationToken cancellationToken)
    {
        Calls.Enqueue("phase:" + phase);
        var ns = Namespaces[namespaceName];
        ns.Annotations[StoreNaming.AnnotationPhase] = phase.ToString();
        ns.Annotations[StoreNaming.AnnotationPhaseSince] = DateTimeOffset.UtcNow.ToString("O");
        if (lastError is null) ns.Annotations.TryRemove(StoreNaming.AnnotationLastError, out _);
        else ns.Annotations[StoreNaming.AnnotationLastError] = lastError;
        return Task.CompletedTask;
    }

    public Task DeleteNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        Calls.Enqueue("delete-namespace:" + namespaceName);
        if (Namespaces.TryGetValue(namespaceName, out var ns)) ns.Terminating = true;
        return Task.CompletedTask;
    }

    public Task<NamespaceGoneReport> WaitForNamespaceGoneAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (Namespaces.TryGetValue(namespaceName, out var blocked) && blocked.Blocked is { } report)
        {
            return Task.FromResult(report);
        }

        if (Namespaces.TryGetValue(namespaceName, out var slow) && Interlocked.Decrement(ref slow.SlowWaits) >= 0)
        {
            return Task.FromResult(new NamespaceGoneReport(false, [], ["pod/web-0"]));
        }

        if (NamespaceNeverGoes)
        {
            return Task.FromResult(new NamespaceGoneReport(false, ["example.com/block"], ["persistentvolumeclaim/data (kubernetes.io/pvc-protection)"]));
        }

        Namespaces.TryRemove(namespaceName, out _);
        return Task.FromResult(new NamespaceGoneReport(true, [], []));
    }

    public Task<IReadOnlyList<ManagedStore>> ListStoresAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ManagedStore>>(Namespaces.Keys.Select(n => ToStore(n)!).Where(s => s is not null).ToList());

    public Task<ManagedStore?> GetStoreAsync(StoreName store, CancellationToken cancellationToken) =>
        Task.FromResult(ToStore(StoreNaming.NamespacePrefix + store.Value));

    public Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NamespaceInfo>>(Namespaces
            .Select(n => new NamespaceInfo(n.Key, n.Value.Labels.ToDictionary(), n.Value.CreatedAt, n.Value.DeletingSince, n.Value.Terminating))
            .ToList());

    /// <summary>Adds a labelled store namespace as PrepareStore would have left it, with the given phase and times.</summary>
    public FakeNamespace AddStore(string store, StoreStatus? phase, DateTimeOffset createdAt, DateTimeOffset? expiresAt = null, DateTimeOffset? phaseSince = null)
    {
        var naming = new StoreNaming(StoreName.Parse(store), WorkflowHarness.BaseDomain);
        var ns = Namespaces.GetOrAdd(naming.Namespace, _ => new FakeNamespace());
        ns.CreatedAt = createdAt;
        foreach (var (k, v) in naming.NamespaceLabels("woocommerce", "small")) ns.Labels[k] = v;
        ns.Annotations[StoreNaming.AnnotationCreatedAt] = createdAt.ToString("O");
        if (phase is not null) ns.Annotations[StoreNaming.AnnotationPhase] = phase.Value.ToString();
        if (phaseSince is not null) ns.Annotations[StoreNaming.AnnotationPhaseSince] = phaseSince.Value.ToString("O");
        if (expiresAt is not null) ns.Annotations[StoreNaming.AnnotationExpiresAt] = expiresAt.Value.ToString("O");
        return ns;
    }

    public StoreStatus? PhaseOf(string store) =>
        Namespaces.TryGetValue(StoreNaming.NamespacePrefix + store, out var ns) && ns.Annotations.TryGetValue(StoreNaming.AnnotationPhase, out var p)
            ? Enum.Parse<StoreStatus>(p)
            : null;

    private ManagedStore? ToStore(string namespaceName)
    {
        if (!Namespaces.TryGetValue(namespaceName, out var ns)) return null;
        var name = StoreNaming.StoreOfNamespace(namespaceName, ns.Labels.ToDictionary());
        if (name is null) return null;
        ns.Annotations.TryGetValue(StoreNaming.AnnotationPhase, out var phase);
        ns.Annotations.TryGetValue(StoreNaming.AnnotationLastError, out var error);
        return new ManagedStore(name.Value, namespaceName, ns.Labels[StoreNaming.LabelEngine], ns.Labels[StoreNaming.LabelPlan], null, null,
            phase is null ? null : Enum.Parse<StoreStatus>(phase), error, Time(ns, StoreNaming.AnnotationCreatedAt), Time(ns, StoreNaming.AnnotationExpiresAt), ns.Terminating,
            Time(ns, StoreNaming.AnnotationPhaseSince));
    }

    private static DateTimeOffset? Time(FakeNamespace ns, string annotation) =>
        ns.Annotations.TryGetValue(annotation, out var text) ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}

internal sealed class FakeNamespace
{
    public ConcurrentDictionary<string, string> Labels { get; } = new();

    public ConcurrentDictionary<string, string> Annotations { get; } = new();

    public StoreCredentials? Secret { get; set; }

    public bool Terminating { get; set; }

    public DateTimeOffset? CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? DeletingSince { get; set; }

    /// <summary>How many more waits for this namespace answer "still terminating" before it goes.</summary>
    public int SlowWaits;

    /// <summary>What <see cref="FakeCluster.WaitForNamespaceGoneAsync"/> reports while this namespace cannot go.</summary>
    public NamespaceGoneReport? Blocked { get; set; }
}

/// <summary>Helm as a map of releases with revisions; failures are scripted per verb.</summary>
internal sealed class FakeHelm : IHelm
{
    public ConcurrentDictionary<string, HelmRelease> Releases { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public Queue<Exception> InstallFailures { get; } = new();

    public Task<HelmRelease?> GetAsync(string release, string namespaceName, CancellationToken cancellationToken) =>
        Task.FromResult(Releases.TryGetValue(release, out var r) ? r : null);

    public Task<HelmInstallResult> UpgradeInstallAsync(HelmInstallRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue("install");
        lock (InstallFailures)
        {
            if (InstallFailures.TryDequeue(out var failure)) throw failure;
        }

        var before = Releases.TryGetValue(request.Release, out var existing) ? existing : null;
        var release = Releases.AddOrUpdate(
            request.Release,
            _ => new HelmRelease(request.Release, request.Namespace, 1, HelmReleaseStatus.Deployed, "urumi-store-0.1.0", Now(), "Install complete"),
            (_, old) => old with { Revision = old.Revision + 1, Status = HelmReleaseStatus.Deployed, Description = "Upgrade complete", Updated = Now() });
        Values[release.Revision] = System.Text.Json.JsonSerializer.Serialize(request.Values);
        return Task.FromResult(new HelmInstallResult(release, before));
    }

    /// <summary>What helm records as the revision's time (the installs of this process are "now").</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public Task UninstallAsync(string release, string namespaceName, CancellationToken cancellationToken)
    {
        Calls.Enqueue("uninstall");
        Releases.TryRemove(release, out _);
        return Task.CompletedTask;
    }

    public Task RollbackAsync(string release, string namespaceName, int? revision, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"rollback:{revision}");
        Releases.AddOrUpdate(release, _ => throw new InvalidOperationException("no release"), (_, old) => old with { Revision = old.Revision + 1, Status = HelmReleaseStatus.Deployed });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HelmRevision>> HistoryAsync(string release, string namespaceName, int max, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The workflows do not read the history.");

    /// <summary>Revision → the values (JSON) the install of that revision was given.</summary>
    public ConcurrentDictionary<int, string> Values { get; } = new();

    public Task<string?> ValuesAsync(string release, string namespaceName, int revision, CancellationToken cancellationToken) =>
        Task.FromResult(Values.TryGetValue(revision, out var json) ? json : null);

    public Task<IReadOnlyList<HelmRelease>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HelmRelease>>(Releases.Values.ToList());

    /// <summary>Release name → the last deployed revision <see cref="LastDeployedRevisionAsync"/> answers.</summary>
    public ConcurrentDictionary<string, int> LastDeployed { get; } = new();

    public Task<int?> LastDeployedRevisionAsync(string release, string namespaceName, CancellationToken cancellationToken) =>
        Task.FromResult(LastDeployed.TryGetValue(release, out var revision) ? revision : (int?)null);
}

/// <summary>Answers verification with a scripted sequence; the last answer repeats.</summary>
internal sealed class FakeShopProbe : IShopProbe
{
    private int calls;

    public List<ShopVerification> Script { get; } = [ShopVerification.Ok("storefront, 1 product, COD, test order #42 placed and deleted", 42)];

    public int Calls => calls;

    public StoreCredentials? LastCredentials { get; private set; }

    public ShopProbeRequest? LastRequest { get; private set; }

    public Task<ShopVerification> VerifyAsync(ShopProbeRequest request, StoreCredentials? credentials, CancellationToken cancellationToken)
    {
        LastCredentials = credentials;
        LastRequest = request;
        var index = Interlocked.Increment(ref calls) - 1;
        return Task.FromResult(Script[Math.Min(index, Script.Count - 1)]);
    }

    public static ShopVerification NotYet() => new(false, true, "storefront", "HTTP 503 from the ingress", null);
}

internal sealed class FakeAuditLog : IAuditLog, IAuditRetention
{
    public List<DateTimeOffset> RemovedBefore { get; } = [];

    public Task<int> RemoveOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        lock (RemovedBefore) RemovedBefore.Add(cutoff);
        var old = rows.Where(r => r.Value.Time < cutoff).Select(r => r.Key).ToList();
        foreach (var key in old) rows.TryRemove(key, out _);
        return Task.FromResult(old.Count);
    }

    private readonly ConcurrentDictionary<(string, string), AuditEntry> rows = new();

    public IReadOnlyList<AuditEntry> Entries => rows.Values.OrderBy(e => e.Time).ThenBy(e => e.Step, StringComparer.Ordinal).ToList();

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        rows[(entry.OperationId, entry.Step)] = entry;
        return Task.CompletedTask;
    }

    public Task<AuditPage> ReadAsync(string? store, int pageSize, string? continuation, CancellationToken cancellationToken) =>
        Task.FromResult(new AuditPage(Entries.Where(e => store is null || e.Store == store).Reverse().ToList(), null));
}

/// <summary>The task hub as the cleanup sees it: a set of live instance ids and a record of purges.</summary>
internal sealed class FakeOperationHistory : IOperationHistory
{
    public ConcurrentDictionary<string, bool> Live { get; } = new();

    public ConcurrentQueue<DateTimeOffset> PurgedBefore { get; } = new();

    public int PurgeCount { get; set; } = 3;

    public Task<IReadOnlyList<string>> ListLiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Live.Keys.ToList());

    public Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        PurgedBefore.Enqueue(createdBefore);
        return Task.FromResult(PurgeCount);
    }
}
