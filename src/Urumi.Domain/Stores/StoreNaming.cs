namespace Urumi.Domain.Stores;

/// <summary>
/// The one place that derives every Kubernetes and Helm name, label and annotation of a store.
/// The chart, the adapters and the cleanup all agree because they all ask this type.
/// </summary>
public sealed class StoreNaming
{
    public const string NamespacePrefix = "store-";
    public const string ManagedByValue = "urumi";
    public const string PartOfValue = "urumi";

    public const string LabelName = "app.kubernetes.io/name";
    public const string LabelInstance = "app.kubernetes.io/instance";
    public const string LabelPartOf = "app.kubernetes.io/part-of";
    public const string LabelManagedBy = "app.kubernetes.io/managed-by";
    public const string LabelStore = "urumi.io/store";
    public const string LabelEngine = "urumi.io/engine";
    public const string LabelPlan = "urumi.io/plan";

    public const string AnnotationOwner = "urumi.io/owner";
    public const string AnnotationCreatedAt = "urumi.io/created-at";
    public const string AnnotationExpiresAt = "urumi.io/expires-at";
    public const string AnnotationPhase = "urumi.io/phase";
    public const string AnnotationLastError = "urumi.io/last-error";

    /// <summary>When the store entered its current phase (UTC, ISO 8601); failed-store retention counts from it.</summary>
    public const string AnnotationPhaseSince = "urumi.io/phase-since";
    public const string AnnotationOperation = "urumi.io/operation-id";
    public const string AnnotationHost = "urumi.io/host";

    /// <summary>Stands for the store's host name in a public URL template.</summary>
    public const string HostPlaceholder = "{host}";

    /// <summary>Stores answer on the default port of the cluster's ingress.</summary>
    public const string DefaultPublicUrl = "http://" + HostPlaceholder + "/";

    /// <summary>Selects every namespace Urumi manages, and nothing else.</summary>
    public const string ManagedNamespaceSelector = LabelManagedBy + "=" + ManagedByValue;

    public StoreNaming(StoreName store, string baseDomain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDomain);
        Store = store;
        Namespace = NamespacePrefix + store.Value;
        Release = store.Value;
        Host = $"{store.Value}.{baseDomain.Trim('.')}";
        CredentialsSecret = store.Value + "-credentials";
    }

    public StoreName Store { get; }

    public string Namespace { get; }

    /// <summary>The Helm release; also the prefix of every chart object name.</summary>
    public string Release { get; }

    public string Host { get; }

    /// <summary>The Secret created before install that holds every password of the store.</summary>
    public string CredentialsSecret { get; }

    public string ProvisionInstanceId => WorkflowIds.Provision(Store);

    public string DeleteInstanceId => WorkflowIds.Delete(Store);

    /// <summary>
    /// The store's front page as people open it: <paramref name="publicUrl"/> with its
    /// <see cref="HostPlaceholder"/> replaced by <see cref="Host"/> (default <see cref="DefaultPublicUrl"/>).
    /// A template carries what the host name alone cannot, such as the simulator's ingress port.
    /// </summary>
    public Uri StoreUrl(string? publicUrl = null) =>
        new((string.IsNullOrEmpty(publicUrl) ? DefaultPublicUrl : publicUrl).Replace(HostPlaceholder, Host, StringComparison.Ordinal));

    /// <summary>The shop's admin under <see cref="StoreUrl"/>, at its engine's path; null for an unknown engine.</summary>
    public Uri? AdminUrl(string? engine, string? publicUrl = null) =>
        Engines.EngineCatalog.TryFind(engine, out var found) ? new Uri(StoreUrl(publicUrl), found.AdminPath) : null;

    /// <summary>Labels every object of the store carries (namespace and chart objects alike).</summary>
    public IReadOnlyDictionary<string, string> CommonLabels(string engine, string plan) => new Dictionary<string, string>
    {
        [LabelInstance] = Release,
        [LabelPartOf] = PartOfValue,
        [LabelStore] = Store.Value,
        [LabelEngine] = engine,
        [LabelPlan] = plan,
    };

    /// <summary>
    /// Namespace labels: the common ones, Urumi as manager (chart objects say Helm instead), and
    /// Pod Security admission. The official WordPress image runs Apache as root, so enforce
    /// <c>baseline</c> and surface <c>restricted</c> violations as warnings and audit entries.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string engine, string plan)
    {
        var labels = new Dictionary<string, string>(CommonLabels(engine, plan))
        {
            [LabelManagedBy] = ManagedByValue,
            ["pod-security.kubernetes.io/enforce"] = "baseline",
            ["pod-security.kubernetes.io/warn"] = "restricted",
            ["pod-security.kubernetes.io/audit"] = "restricted",
        };
        return labels;
    }

    public IReadOnlyDictionary<string, string> NamespaceAnnotations(StoreSpec spec, string operationId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var annotations = new Dictionary<string, string>
        {
            [AnnotationOwner] = spec.Owner,
            [AnnotationCreatedAt] = spec.CreatedAt.UtcDateTime.ToString("O"),
            [AnnotationOperation] = operationId,
            [AnnotationHost] = Host,
        };
        if (spec.ExpiresAt is { } expires)
        {
            annotations[AnnotationExpiresAt] = expires.UtcDateTime.ToString("O");
        }

        return annotations;
    }

    /// <summary>The store a managed namespace belongs to, or null when it is not one of ours.</summary>
    public static StoreName? StoreOfNamespace(string namespaceName, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null
            || !labels.TryGetValue(LabelManagedBy, out var manager) || manager != ManagedByValue
            || !labels.TryGetValue(LabelStore, out var store)
            || namespaceName != NamespacePrefix + store)
        {
            return null;
        }

        return StoreName.TryParse(store, out var name, out _) ? name : null;
    }
}
