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
