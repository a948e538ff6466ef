using System.Globalization;
using k8s;
using k8s.Models;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Kubernetes;

/// <summary>The inventory reads of <see cref="KubernetesCluster"/>: managed stores and namespaces, from their labels and annotations.</summary>
public sealed partial class KubernetesCluster
{
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
}
