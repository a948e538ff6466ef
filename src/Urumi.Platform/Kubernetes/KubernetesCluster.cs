using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urumi.Domain;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Kubernetes;

/// <summary>
/// <see cref="ICluster"/> on the Kubernetes API through <c>KubernetesClient</c>. Every failure leaves as a
/// <see cref="TransientException"/> (429, 5xx, timeouts, connection errors) or a
/// <see cref="PermanentException"/> (400, 401, 403, 404, 409, 422) whose message names the call and the API's answer.
/// </summary>
public sealed partial class KubernetesCluster : ICluster, IKubernetesHealth
{
    /// <summary>Annotation values are limited by the object size; the last error is a summary, not a log.</summary>
    public const int MaxLastErrorBytes = 1024;

    private readonly Func<IKubernetes> _client;
    private readonly KubernetesOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public KubernetesCluster(Func<IKubernetes> clientFactory, IOptions<KubernetesOptions> options, ILogger<KubernetesCluster> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = clientFactory;
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
    }

    public KubernetesCluster(IKubernetes client, IOptions<KubernetesOptions> options, ILogger<KubernetesCluster> logger, TimeProvider? timeProvider = null)
        : this(() => client, options, logger, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    public async Task<string> PingAsync(CancellationToken cancellationToken = default)
    {
        var version = await CallAsync("GET /version", (k, ct) => k.Version.GetCodeAsync(ct), cancellationToken).ConfigureAwait(false);
        return version.GitVersion ?? $"{version.Major}.{version.Minor}";
    }

    public async Task PrepareNamespaceAsync(NamespaceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var created = await CallAsync($"create namespace {spec.Name}", async (k, ct) =>
        {
            var body = new V1Namespace
            {
                ApiVersion = "v1",
                Kind = V1Namespace.KubeKind,
                Metadata = new V1ObjectMeta
                {
                    Name = spec.Name,
                    Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal),
                    Annotations = new Dictionary<string, string>(spec.Annotations, StringComparer.Ordinal),
                },
            };
            try
            {
                await k.CoreV1.CreateNamespaceAsync(body, cancellationToken: ct).ConfigureAwait(false);
                return true;
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsConflict(ex))
            {
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);

        if (created)
        {
            KubernetesLog.NamespaceCreated(_logger, spec.Name);
            return;
        }

        var metadata = new JsonObject
        {
            ["labels"] = ToJson(spec.Labels),
            ["annotations"] = ToJson(spec.Annotations),
        };
        var patched = await PatchNamespaceAsync(spec.Name, metadata, $"merge labels into namespace {spec.Name}", cancellationToken).ConfigureAwait(false);
        if (IsTerminating(patched))
        {
            throw new TransientException($"Namespace {spec.Name} is still being deleted; it can be prepared again once it is gone.");
        }

        KubernetesLog.NamespacePatched(_logger, spec.Name);
    }

    public async Task<bool> EnsureCredentialsAsync(string namespaceName, string secretName, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretName);
        ArgumentNullException.ThrowIfNull(labels);
        var created = await CallAsync($"create Secret {namespaceName}/{secretName}", async (k, ct) =>
        {
            var secret = new V1Secret
            {
                ApiVersion = "v1",
                Kind = V1Secret.KubeKind,
                Type = "Opaque",
                Metadata = new V1ObjectMeta
                {
                    Name = secretName,
                    NamespaceProperty = namespaceName,
                    Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                },
                Data = CredentialGenerator.NewCredentials(namespaceName)
                    .ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal),
            };
            try
            {
                await k.CoreV1.CreateNamespacedSecretAsync(secret, namespaceName, cancellationToken: ct).ConfigureAwait(false);
                return true;
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsConflict(ex))
            {
                return false;
            }
        }, cancellationToken, sensitive: true).ConfigureAwait(false);

        if (created)
        {
            KubernetesLog.SecretCreated(_logger, namespaceName, secretName);
        }
        else
        {
            KubernetesLog.SecretKept(_logger, namespaceName, secretName);
        }

        return created;
    }

    public async Task<StoreCredentials?> ReadCredentialsAsync(string namespaceName, string secretName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretName);
        var secret = await CallAsync($"read Secret {namespaceName}/{secretName}", async (k, ct) =>
        {
            try
            {
                return await k.CoreV1.ReadNamespacedSecretAsync(secretName, namespaceName, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsNotFound(ex))
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return null;
        }

        string? Value(string key) =>
            secret.Data is not null && secret.Data.TryGetValue(key, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes)
            : secret.StringData is not null && secret.StringData.TryGetValue(key, out var text) ? text
            : null;
        string Required(string key) => Value(key)
            ?? throw new PermanentException($"Secret {namespaceName}/{secretName} has no key '{key}'; it was not created by Urumi or was edited.");

        return new StoreCredentials(Required(CredentialKeys.AdminUser), Required(CredentialKeys.AdminPassword), Required(CredentialKeys.AdminEmail), Value(CredentialKeys.ApplicationPassword));
    }

    public async Task SetPhaseAsync(string namespaceName, StoreStatus phase, string? lastError, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var metadata = new JsonObject
        {
            ["annotations"] = new JsonObject
            {
                [StoreNaming.AnnotationPhase] = phase.ToString(),
                [StoreNaming.AnnotationPhaseSince] = _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                [StoreNaming.AnnotationLastError] = lastError is null ? null : Truncate(lastError, MaxLastErrorBytes),
            },
        };
        await PatchNamespaceAsync(namespaceName, metadata, $"set phase {phase} on namespace {namespaceName}", cancellationToken).ConfigureAwait(false);
        var phaseName = phase.ToString();
        KubernetesLog.PhaseSet(_logger, namespaceName, phaseName);
    }

    public async Task DeleteNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var propagation = _options.NamespaceDeletePropagation;
        KubernetesLog.NamespaceDeleting(_logger, namespaceName, propagation);
        var deleted = await CallAsync($"delete namespace {namespaceName}", async (k, ct) =>
        {
            try
            {
                await k.CoreV1.DeleteNamespaceAsync(namespaceName, new V1DeleteOptions { PropagationPolicy = propagation }, cancellationToken: ct).ConfigureAwait(false);
                return true;
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsNotFound(ex))
            {
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (!deleted)
        {
            KubernetesLog.NamespaceAlreadyGone(_logger, namespaceName);
        }
    }

    public async Task<NamespaceGoneReport> WaitForNamespaceGoneAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var deadline = _time.GetUtcNow() + ClampWait(maxWait);
        while (true)
        {
            var ns = await ReadNamespaceOrNullAsync(namespaceName, cancellationToken).ConfigureAwait(false);
            if (ns is null)
            {
                return new NamespaceGoneReport(true, [], []);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                var report = await DescribeBlockersAsync(ns, cancellationToken).ConfigureAwait(false);
                KubernetesLog.NamespaceStuck(_logger, namespaceName, maxWait, report.DescribeBlockers());
                return report;
            }

            await Task.Delay(remaining < _options.NamespacePollInterval ? remaining : _options.NamespacePollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ManagedStore>> ListStoresAsync(CancellationToken cancellationToken)
    {
        var list = await CallAsync("list managed namespaces",
            (k, ct) => k.CoreV1.ListNamespaceAsync(labelSelector: StoreNaming.ManagedNamespaceSelector, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        return (list.Items ?? [])
            .Select(ToManagedStore)
            .OfType<ManagedStore>()
            .OrderBy(s => s.Name.Value, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        var list = await CallAsync("list namespaces", (k, ct) => k.CoreV1.ListNamespaceAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return (list.Items ?? [])
            .Where(ns => ns.Metadata?.Name is not null)
            .Select(ns => new NamespaceInfo(
                ns.Metadata.Name,
                ReadOnly(ns.Metadata.Labels),
                ToOffset(ns.Metadata.CreationTimestamp),
                ToOffset(ns.Metadata.DeletionTimestamp),
                IsTerminating(ns)))
            .OrderBy(ns => ns.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, value.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUniversalTime() : null;

    public async Task<ManagedStore?> GetStoreAsync(StoreName store, CancellationToken cancellationToken)
    {
        var ns = await ReadNamespaceOrNullAsync(StoreNaming.NamespacePrefix + store.Value, cancellationToken).ConfigureAwait(false);
        return ns is null ? null : ToManagedStore(ns);
    }

    /// <summary>The store a namespace holds, read from its labels and annotations; null when it is not one of ours.</summary>
    internal static ManagedStore? ToManagedStore(V1Namespace ns)
    {
        var name = ns.Metadata?.Name;
        if (name is null)
        {
            return null;
        }

        var labels = ReadOnly(ns.Metadata?.Labels);
        if (StoreNaming.StoreOfNamespace(name, labels) is not { } store)
        {
            return null;
        }

        var annotations = ReadOnly(ns.Metadata?.Annotations);
        string? Annotation(string key) => annotations.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        return new ManagedStore(
            store,
            name,
            labels.GetValueOrDefault(StoreNaming.LabelEngine) ?? "",
            labels.GetValueOrDefault(StoreNaming.LabelPlan) ?? "",
            Annotation(StoreNaming.AnnotationOwner),
            Annotation(StoreNaming.AnnotationHost),
            Enum.TryParse<StoreStatus>(Annotation(StoreNaming.AnnotationPhase), ignoreCase: true, out var phase) ? phase : null,
            Annotation(StoreNaming.AnnotationLastError),
            ParseTime(Annotation(StoreNaming.AnnotationCreatedAt)),
            ParseTime(Annotation(StoreNaming.AnnotationExpiresAt)),
            IsTerminating(ns),
            ParseTime(Annotation(StoreNaming.AnnotationPhaseSince)));
    }

    private async Task<NamespaceGoneReport> DescribeBlockersAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        var name = ns.Name();
        var blocking = new List<string>();
        foreach (var finalizer in ns.Spec?.Finalizers ?? [])
        {
            blocking.Add($"namespace {name} spec.finalizers: {finalizer}");
        }

        foreach (var finalizer in ns.Metadata?.Finalizers ?? [])
        {
            blocking.Add($"namespace {name} metadata.finalizers: {finalizer}");
        }

        foreach (var condition in ns.Status?.Conditions ?? [])
        {
            if (string.Equals(condition.Status, "True", StringComparison.OrdinalIgnoreCase))
            {
                blocking.Add($"{condition.Type}: {condition.Message ?? condition.Reason}");
            }
        }

        var remaining = new List<string>();
        await CollectFinalizedAsync(remaining, "pod", async (k, ct) => (await k.CoreV1.ListNamespacedPodAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "persistentvolumeclaim", async (k, ct) => (await k.CoreV1.ListNamespacedPersistentVolumeClaimAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "configmap", async (k, ct) => (await k.CoreV1.ListNamespacedConfigMapAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "secret", async (k, ct) => (await k.CoreV1.ListNamespacedSecretAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        return new NamespaceGoneReport(false, blocking, remaining);
    }

    /// <summary>Best effort: a list that fails only leaves its kind out of the report.</summary>
    private async Task CollectFinalizedAsync(List<string> into, string kind, Func<IKubernetes, CancellationToken, Task<IEnumerable<IKubernetesObject<V1ObjectMeta>>>> list, CancellationToken cancellationToken)
    {
        try
        {
            var items = await CallAsync($"list {kind}s", list, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                if (item.Metadata?.Finalizers is { Count: > 0 } finalizers)
                {
                    var deleting = item.Metadata.DeletionTimestamp is null ? "" : ", deleting";
                    into.Add($"{kind}/{item.Metadata.Name} (finalizer {string.Join(", ", finalizers)}{deleting})");
                }
            }
        }
        catch (Exception ex) when (ex is TransientException or PermanentException)
        {
            // the namespace report stays useful without this kind
        }
    }

    private async Task<V1Namespace?> ReadNamespaceOrNullAsync(string namespaceName, CancellationToken cancellationToken) =>
        await CallAsync($"read namespace {namespaceName}", async (k, ct) =>
        {
            try
            {
                return await k.CoreV1.ReadNamespaceAsync(namespaceName, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (KubernetesErrors.IsNotFound(ex))
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);

    private Task<V1Namespace> PatchNamespaceAsync(string namespaceName, JsonObject metadata, string operation, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["metadata"] = metadata }.ToJsonString();
        return CallAsync(operation,
            (k, ct) => k.CoreV1.PatchNamespaceAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), namespaceName, cancellationToken: ct),
            cancellationToken);
    }

    /// <summary>Runs one API call and turns its failure into a domain exception naming <paramref name="operation"/>.</summary>
    /// <remarks>
    /// With <paramref name="sensitive"/> the client's exception is neither logged nor kept as the inner
    /// exception: it carries the request body, which for the credentials Secret holds the passwords.
    /// </remarks>
    private async Task<T> CallAsync<T>(string operation, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool sensitive = false)
    {
        try
        {
            return await call(_client(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesErrors.Map(ex, operation, cancellationToken) is { } mapped && !ReferenceEquals(mapped, ex))
        {
            var status = KubernetesErrors.StatusOf(ex);
            if (!sensitive)
            {
                KubernetesLog.CallFailed(_logger, ex, operation, status);
                throw mapped;
            }

            KubernetesLog.CallFailed(_logger, null, operation, status);
            throw mapped is TransientException ? new TransientException(mapped.Message) : new PermanentException(mapped.Message);
        }
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>Keeps a caller's wait inside what timers and clocks can represent (0 to 1 day).</summary>
    internal static TimeSpan ClampWait(TimeSpan maxWait) =>
        maxWait < TimeSpan.Zero ? TimeSpan.Zero : maxWait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : maxWait;

    private static bool IsTerminating(V1Namespace ns) =>
        ns.Metadata?.DeletionTimestamp is not null || string.Equals(ns.Status?.Phase, "Terminating", StringComparison.Ordinal);

    private static IReadOnlyDictionary<string, string> ReadOnly(IDictionary<string, string>? values) =>
        values switch
        {
            null => new Dictionary<string, string>(),
            IReadOnlyDictionary<string, string> ro => ro,
            _ => new Dictionary<string, string>(values),
        };

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes, marking the cut.</summary>
    internal static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string marker = "…";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(marker);
        var length = Math.Min(text.Length, budget);
        while (length > 0 && (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > budget || char.IsHighSurrogate(text[length - 1])))
        {
            length--;
        }

        return text[..length] + marker;
    }
}
