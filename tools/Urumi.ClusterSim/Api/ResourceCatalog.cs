namespace Urumi.ClusterSim.Api;

/// <summary>Every kind the store chart, Helm's wait logic and the Kubernetes adapter use.</summary>
public static class ResourceCatalog
{
    public static ApiResource Namespaces { get; } = new("", "v1", "namespaces", "namespace", "Namespace", false, true, "ns");
    public static ApiResource Pods { get; } = new("", "v1", "pods", "pod", "Pod", true, true, "po");
    public static ApiResource Services { get; } = new("", "v1", "services", "service", "Service", true, true, "svc");
    public static ApiResource Secrets { get; } = new("", "v1", "secrets", "secret", "Secret", true, false);
    public static ApiResource ConfigMaps { get; } = new("", "v1", "configmaps", "configmap", "ConfigMap", true, false, "cm");
    public static ApiResource PersistentVolumeClaims { get; } = new("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, true, "pvc");
    public static ApiResource Events { get; } = new("", "v1", "events", "event", "Event", true, false, "ev");
    public static ApiResource Nodes { get; } = new("", "v1", "nodes", "node", "Node", false, true, "no");
    public static ApiResource Deployments { get; } = new("apps", "v1", "deployments", "deployment", "Deployment", true, true, "deploy");
    public static ApiResource ReplicaSets { get; } = new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, true, "rs");
    public static ApiResource StatefulSets { get; } = new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, true, "sts");
    public static ApiResource Jobs { get; } = new("batch", "v1", "jobs", "job", "Job", true, true);
    public static ApiResource Ingresses { get; } = new("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, true, "ing");

    public static IReadOnlyList<ApiResource> All { get; } =
    [
        Namespaces, Pods, Services, Secrets, ConfigMaps, PersistentVolumeClaims, Events, Nodes,
        new("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, true, "pv"),
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, false, "sa"),
        new("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, true, "quota"),
        new("", "v1", "limitranges", "limitrange", "LimitRange", true, false, "limits"),
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, false, "ep"),
        Deployments, ReplicaSets, StatefulSets,
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, true, "ds"),
        new("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, false),
        Jobs,
        new("batch", "v1", "cronjobs", "cronjob", "CronJob", true, true, "cj"),
        Ingresses,
        new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, false, "netpol"),
        new("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, false),
        new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, true, "pdb"),
        new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, false),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, false),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, false),
        new("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, false, "sc"),
        new("events.k8s.io", "v1", "events", "event", "Event", true, false, "ev"),
    ];

    public static IEnumerable<(string Group, string Version)> GroupVersions =>
        All.Select(r => (r.Group, r.Version)).Distinct();

    public static ApiResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    /// <summary>The resource of an object's <c>apiVersion</c> and <c>kind</c>.</summary>
    public static ApiResource? FindKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    public static ApiResource RequireKind(string apiVersion, string kind) =>
        FindKind(apiVersion, kind) ?? throw new ArgumentException($"The simulator does not serve {apiVersion} {kind}.");
}
