using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Urumi.ClusterSim.Api;

namespace Urumi.ClusterSim.Store;

/// <summary>
/// The simulator's etcd and API semantics in one place: every object of every kind, a global
/// resourceVersion, generation bookkeeping, finalizers, an event history for watches (with
/// compaction, hence 410 Gone) and live watch subscriptions. Thread-safe; objects handed out are
/// copies. Tests may seed and inspect objects here directly.
/// </summary>
public sealed partial class ObjectStore
{
    private const int HistoryCapacity = 20_000;

    private readonly Lock gate = new();
    private readonly Dictionary<ApiResource, SortedDictionary<string, StoredObject>> objects = [];
    private readonly List<StoreEvent> history = [];
    private readonly List<WatchSubscription> watchers = [];
    private readonly Dictionary<(string Uid, string Manager), JsonObject> lastApplied = [];
    private readonly StoreContext context = new();
    private readonly TimeProvider time;
    private long resourceVersion = 1000;
    private long compactedThrough = 1000;

    public ObjectStore(TimeProvider? timeProvider = null) => time = timeProvider ?? TimeProvider.System;

    /// <summary>Raised under the store's lock for every committed change; handlers must only enqueue.</summary>
    internal event Action<StoreEvent>? Committed;

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    internal DateTimeOffset Now => time.GetUtcNow();

    // ---- reads ---------------------------------------------------------------------------------

    public JsonObject? TryGet(ApiResource resource, string? ns, string name)
    {
        lock (gate)
        {
            return Find(resource, ns, name)?.ToJsonObject();
        }
    }

    public JsonObject Get(ApiResource resource, string? ns, string name) =>
        TryGet(resource, ns, name) ?? throw ApiException.NotFound(resource, name);

    public JsonObject? TryGet(string apiVersion, string kind, string? ns, string name) =>
        TryGet(ResourceCatalog.RequireKind(apiVersion, kind), ns, name);

    internal StoredObject? Find(ApiResource resource, string? ns, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue(resource, out var map) && map.TryGetValue(StoredObject.KeyOf(resource.Namespaced ? ns : null, name), out var stored) ? stored : null;
        }
    }

    /// <summary>Copies of the objects of <paramref name="resource"/> in <paramref name="ns"/> (all namespaces when null).</summary>
    public IReadOnlyList<JsonObject> List(ApiResource resource, string? ns = null, string? labelSelector = null, string? fieldSelector = null)
    {
        var labels = LabelSelector.Parse(labelSelector);
        var fields = FieldSelector.Parse(fieldSelector);
        lock (gate)
        {
            return Snapshot(resource, ns, o => labels(o.Node.Labels()) && fields(o.Node)).Select(o => o.ToJsonObject()).ToList();
        }
    }

    internal (IReadOnlyList<StoredObject> Items, long ResourceVersion) ListStored(ApiResource resource, string? ns, Func<JsonObject, bool> filter)
    {
        lock (gate)
        {
            return (Snapshot(resource, ns, o => filter(o.Node)).ToList(), resourceVersion);
        }
    }

    private IEnumerable<StoredObject> Snapshot(ApiResource resource, string? ns, Func<StoredObject, bool> filter)
    {
        if (!objects.TryGetValue(resource, out var map))
        {
            return [];
        }

        return map.Values.Where(o => (ns is null || !resource.Namespaced || o.Namespace == ns) && filter(o));
    }

    public bool NamespaceExists(string ns) => Find(ResourceCatalog.Namespaces, null, ns) is not null;

    // ---- writes --------------------------------------------------------------------------------

    /// <summary>Creates an object whose apiVersion and kind name its resource.</summary>
    public JsonObject Create(JsonObject obj, string fieldManager = "sim") =>
        Create(ResourceCatalog.RequireKind(obj.Str("apiVersion") ?? "", obj.Str("kind") ?? ""), obj.Namespace(), obj, fieldManager);

    public JsonObject Create(ApiResource resource, string? ns, JsonObject obj, string fieldManager = "sim")
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        lock (gate)
        {
            return CreateLocked(resource, ns, obj.Clone(), fieldManager, "Update").ToJsonObject();
        }
    }

    /// <summary>PUT: unconditional without a resourceVersion, 409 on a stale one.</summary>
    public JsonObject Replace(ApiResource resource, string? ns, string name, JsonObject obj, string? subresource = null, string fieldManager = "sim")
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        lock (gate)
        {
            var old = Find(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
            var candidate = obj.Clone();
            CheckIdentity(resource, ns, name, candidate);
            if (candidate.Str("metadata", "resourceVersion") is { Length: > 0 } rv && rv != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            return UpdateLocked(old, candidate, subresource, fieldManager, "Update").ToJsonObject();
        }
    }

    /// <summary>PATCH in one of the four content types; server-side apply creates when absent.</summary>
    public (JsonObject Object, bool Created) Patch(ApiResource resource, string? ns, string name, string patchType, JsonNode patch, string? fieldManager = null, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        lock (gate)
        {
            var old = Find(resource, ns, name);
            if (patchType == PatchTypes.Apply)
            {
                if (patch is not JsonObject applied)
                {
                    throw ApiException.BadRequest("apply patches must be objects");
                }

                var manager = fieldManager ?? throw ApiException.BadRequest("PATCH, fieldManager is required for apply requests");
                CheckIdentity(resource, ns, name, applied);
                if (old is null)
                {
                    if (subresource is not null)
                    {
                        throw ApiException.NotFound(resource, name);
                    }

                    var created = CreateLocked(resource, ns, applied.Clone(), manager, "Apply");
                    lastApplied[(created.Uid, manager)] = applied.Clone();
                    return (created.ToJsonObject(), true);
                }

                lastApplied.TryGetValue((old.Uid, manager), out var previous);
                var merged = Patches.Apply(old.ToJsonObject(), previous, applied);
                lastApplied[(old.Uid, manager)] = applied.Clone();
                return (UpdateLocked(old, merged, subresource, manager, "Apply").ToJsonObject(), false);
            }

            if (old is null)
            {
                throw ApiException.NotFound(resource, name);
            }

            var current = old.ToJsonObject();
            var result = patchType switch
            {
                PatchTypes.Merge => Patches.MergePatch(current, patch),
                PatchTypes.Strategic => Patches.StrategicMerge(current, patch),
                PatchTypes.Json => patch is JsonArray ops ? Patches.JsonPatch(current, ops) : throw ApiException.BadRequest("json patch must be an array"),
                _ => throw ApiException.UnsupportedMediaType(patchType),
            };
            if (result is not JsonObject patched)
            {
                throw ApiException.BadRequest("the patch did not produce an object");
            }

            patched.Metadata().Remove("resourceVersion");
            CheckIdentity(resource, ns, name, patched);
            return (UpdateLocked(old, patched, subresource, fieldManager ?? "unknown", "Update").ToJsonObject(), false);
        }
    }

    /// <summary>Read-modify-write under the lock (controllers): null when the object is gone.</summary>
    public JsonObject? Update(ApiResource resource, string? ns, string name, Action<JsonObject> mutate, bool status = false, string fieldManager = "sim-controller")
    {
        ArgumentNullException.ThrowIfNull(mutate);
        lock (gate)
        {
            var old = Find(resource, ns, name);
            if (old is null)
            {
                return null;
            }

            var candidate = old.ToJsonObject();
            mutate(candidate);
            return UpdateLocked(old, candidate, status ? "status" : null, fieldManager, "Update").ToJsonObject();
        }
    }

    /// <summary>
    /// DELETE. Objects with finalizers (and namespaces, whose spec carries the <c>kubernetes</c>
    /// finalizer) get a deletionTimestamp and stay until their finalizers are removed; anything
    /// else goes at once. Dependents are collected by the garbage collector (background), or
    /// orphaned when <paramref name="propagationPolicy"/> is Orphan.
    /// </summary>
    public JsonObject Delete(ApiResource resource, string? ns, string name, string? propagationPolicy = null, string? preconditionUid = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            var old = Find(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
            if (preconditionUid is { Length: > 0 } && preconditionUid != old.Uid)
            {
                throw ApiException.Conflict(resource, name, $"Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {old.Uid}");
            }

            if (propagationPolicy == "Orphan")
            {
                OrphanDependentsLocked(old.Uid);
            }

            if (HasFinalizers(old.Node))
            {
                if (old.Node.Str("metadata", "deletionTimestamp") is not null)
                {
                    return old.ToJsonObject();
                }

                var candidate = old.ToJsonObject();
                candidate.Metadata()["deletionTimestamp"] = Json.Timestamp(Now);
                candidate.Metadata()["deletionGracePeriodSeconds"] = 0;
                if (resource == ResourceCatalog.Namespaces)
                {
                    candidate.Obj("status")["phase"] = "Terminating";
                }

                return CommitLocked(old, candidate).ToJsonObject();
            }

            return RemoveLocked(old).ToJsonObject();
        }
    }

    /// <summary>Forgets the watch history, so watches from any older resourceVersion get 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = resourceVersion;
        }
    }

    // ---- watches -------------------------------------------------------------------------------

    /// <summary>
    /// Subscribes to changes. <paramref name="sendInitialEvents"/> streams ADDED for every current
    /// object and the initial-events-end BOOKMARK; otherwise <paramref name="fromVersion"/> 0
    /// streams current objects as ADDED, and a later version replays history (410 when compacted).
    /// </summary>
    internal WatchSubscription Watch(ApiResource resource, string? ns, Func<JsonObject, bool> filter, bool sendInitialEvents, long fromVersion)
    {
        lock (gate)
        {
            var subscription = new WatchSubscription(this, resource, ns, filter);
            if (sendInitialEvents || fromVersion == 0)
            {
                foreach (var stored in Snapshot(resource, ns, o => filter(o.Node)))
                {
                    subscription.Enqueue("ADDED", stored.Json);
                }

                if (sendInitialEvents)
                {
                    subscription.Enqueue("BOOKMARK", Json.Serialize(Bookmark(resource, resourceVersion, initialEventsEnd: true)));
                }
            }
            else if (fromVersion < compactedThrough)
            {
                subscription.Enqueue("ERROR", Json.Serialize(ApiException.Gone($"too old resource version: {fromVersion} ({compactedThrough})").ToStatus()));
                subscription.Complete();
                return subscription;
            }
            else
            {
                foreach (var change in history.Where(e => e.ResourceVersion > fromVersion && e.Resource == resource))
                {
                    subscription.Offer(change);
                }
            }

            watchers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (gate)
        {
            watchers.Remove(subscription);
        }
    }

    internal static JsonObject Bookmark(ApiResource resource, long rv, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = metadata };
    }

    /// <summary>Closes every open watch stream (the fault injector's "drop watches").</summary>
    public void DropAllWatches()
    {
        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Complete();
            }

            watchers.Clear();
        }
    }

    public int OpenWatchCount
    {
        get
        {
            lock (gate)
            {
                return watchers.Count;
            }
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    private StoredObject CreateLocked(ApiResource resource, string? ns, JsonObject obj, string fieldManager, string operation)
    {
        var metadata = obj.Metadata();
        if (string.IsNullOrEmpty(obj.Name()) && metadata.Str("generateName") is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + RandomSuffix(5);
        }

        var name = obj.Name();
        CheckIdentity(resource, ns, name, obj);
        ValidateName(resource, name);
        if (resource.Namespaced)
        {
            if (string.IsNullOrEmpty(ns))
            {
                throw ApiException.BadRequest("the server could not find the requested resource (a namespace is required)");
            }

            var namespaceObject = Find(ResourceCatalog.Namespaces, null, ns) ?? throw ApiException.NotFound(ResourceCatalog.Namespaces, ns);
            if (namespaceObject.Node.Str("metadata", "deletionTimestamp") is not null)
            {
                throw ApiException.Forbidden(resource, name, $"unable to create new content in namespace {ns} because it is being terminated", "NamespaceTerminating");
            }
        }

        if (Find(resource, ns, name) is not null)
        {
            throw ApiException.AlreadyExists(resource, name);
        }

        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        foreach (var field in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink" })
        {
            metadata.Remove(field);
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Json.Timestamp(Now);
        metadata["generation"] = 1;
        if (resource.Namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        Json.RemoveNulls(obj);
        var strategy = KindStrategy.For(resource);
        strategy.PrepareForCreate(obj, context, resource);
        strategy.Default(obj);
        RecordManager(obj, fieldManager, operation);
        return CommitLocked(null, obj);
    }

    private StoredObject UpdateLocked(StoredObject old, JsonObject candidate, string? subresource, string fieldManager, string operation)
    {
        var resource = old.Resource;
        var previous = old.Node;
        if (subresource == "status")
        {
            var status = candidate["status"]?.DeepClone();
            candidate = old.ToJsonObject();
            candidate["status"] = status;
        }
        else if (subresource is not null and not "finalize")
        {
            throw ApiException.MethodNotAllowed($"the simulator does not serve the {subresource} subresource");
        }
        else if (resource.HasStatus && subresource is null)
        {
            candidate["status"] = previous["status"]?.DeepClone();
        }

        if (subresource == "finalize")
        {
            var finalizers = candidate.At("spec", "finalizers")?.DeepClone();
            candidate = old.ToJsonObject();
            candidate.Obj("spec")["finalizers"] = finalizers;
        }

        // Fields clients cannot change.
        candidate["apiVersion"] = resource.ApiVersion;
        candidate["kind"] = resource.Kind;
        var metadata = candidate.Metadata();
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace" })
        {
            metadata[field] = previous.At("metadata", field)?.DeepClone();
            if (metadata[field] is null)
            {
                metadata.Remove(field);
            }
        }

        metadata.Remove("resourceVersion");
        if (previous.Str("metadata", "deletionTimestamp") is not null && metadata["finalizers"] is JsonArray finalizerList)
        {
            // No new finalizers once deletion started.
            var before = (previous.At("metadata", "finalizers") as JsonArray)?.Select(f => f?.ToJsonString()).ToHashSet() ?? [];
            foreach (var added in finalizerList.Where(f => !before.Contains(f?.ToJsonString())).ToList())
            {
                finalizerList.Remove(added);
            }
        }

        Json.RemoveNulls(candidate);
        var strategy = KindStrategy.For(resource);
        strategy.Default(candidate);
        strategy.ValidateUpdate(resource, previous, candidate);

        if (!Changed(previous, candidate, ignoreManagedFields: true))
        {
            return old;
        }

        if (SpecChanged(previous, candidate))
        {
            metadata["generation"] = (previous.Num("metadata", "generation") ?? 1) + 1;
        }

        metadata["managedFields"] = previous.At("metadata", "managedFields")?.DeepClone();
        RecordManager(candidate, fieldManager, operation, subresource);
        if (candidate.Str("metadata", "deletionTimestamp") is not null && !HasFinalizers(candidate))
        {
            return RemoveLocked(old);
        }

        return CommitLocked(old, candidate);
    }

    private StoredObject CommitLocked(StoredObject? old, JsonObject candidate)
    {
        var rv = ++resourceVersion;
        candidate.Metadata()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(old?.Resource ?? ResourceCatalog.RequireKind(candidate.Str("apiVersion")!, candidate.Str("kind")!), candidate);
        if (!objects.TryGetValue(stored.Resource, out var map))
        {
            map = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            objects[stored.Resource] = map;
        }

        map[stored.Key] = stored;
        Publish(new StoreEvent(old is null ? "ADDED" : "MODIFIED", stored, old));
        return stored;
    }

    private StoredObject RemoveLocked(StoredObject old)
    {
        var rv = ++resourceVersion;
        var final = old.ToJsonObject();
        final.Metadata()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(old.Resource, final);
        objects[old.Resource].Remove(old.Key);
        foreach (var key in lastApplied.Keys.Where(k => k.Uid == old.Uid).ToList())
        {
            lastApplied.Remove(key);
        }

        Publish(new StoreEvent("DELETED", stored, old));
        return stored;
    }

    private void Publish(StoreEvent change)
    {
        history.Add(change);
        if (history.Count > HistoryCapacity)
        {
            var dropped = history.Count - (HistoryCapacity / 2);
            compactedThrough = history[dropped - 1].ResourceVersion;
            history.RemoveRange(0, dropped);
        }

        foreach (var watcher in watchers)
        {
            watcher.Offer(change);
        }

        Committed?.Invoke(change);
    }

    private void OrphanDependentsLocked(string ownerUid)
    {
        foreach (var dependent in objects.Values.SelectMany(m => m.Values).Where(o => OwnerUids(o.Node).Contains(ownerUid)).ToList())
        {
            var candidate = dependent.ToJsonObject();
            var refs = (JsonArray)candidate.At("metadata", "ownerReferences")!;
            foreach (var owner in refs.OfType<JsonObject>().Where(r => r.Str("uid") == ownerUid).ToList())
            {
                refs.Remove(owner);
            }

            CommitLocked(dependent, candidate);
        }
    }

    internal static IReadOnlyList<string> OwnerUids(JsonNode node) =>
        node.At("metadata", "ownerReferences") is JsonArray refs ? refs.Select(r => r.Str("uid") ?? "").ToList() : [];

    private static bool HasFinalizers(JsonNode node) =>
        node.At("metadata", "finalizers") is JsonArray { Count: > 0 } || node.At("spec", "finalizers") is JsonArray { Count: > 0 } && node.Str("kind") == "Namespace";

    private static bool Changed(JsonObject previous, JsonObject candidate, bool ignoreManagedFields)
    {
        var a = previous.Clone();
        var b = candidate.Clone();
        foreach (var o in new[] { a, b })
        {
            o.Metadata().Remove("resourceVersion");
            if (ignoreManagedFields)
            {
                o.Metadata().Remove("managedFields");
            }
        }

        return !Json.Same(a, b);
    }

    private static bool SpecChanged(JsonObject previous, JsonObject candidate)
    {
        var keys = previous.Select(p => p.Key).Union(candidate.Select(p => p.Key)).Where(k => k is not "metadata" and not "status" and not "apiVersion" and not "kind");
        return keys.Any(k => !Json.Same(previous[k], candidate[k]));
    }

    private void RecordManager(JsonObject obj, string manager, string operation, string? subresource = null)
    {
        var metadata = obj.Metadata();
        var entries = metadata["managedFields"] as JsonArray ?? [];
        var existing = entries.OfType<JsonObject>().FirstOrDefault(e => e.Str("manager") == manager && e.Str("operation") == operation && e.Str("subresource") == subresource);
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = obj.Str("apiVersion"),
            ["time"] = Json.Timestamp(Now),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        if (existing is null)
        {
            entries.Add(entry);
        }
        else
        {
            entries[entries.IndexOf(existing)] = entry;
        }

        metadata["managedFields"] = entries;
    }

    private static void CheckIdentity(ApiResource resource, string? ns, string name, JsonObject obj)
    {
        var metadata = obj.Metadata();
        var bodyName = metadata.Str("name");
        if (string.IsNullOrEmpty(bodyName))
        {
            if (string.IsNullOrEmpty(name))
            {
                throw ApiException.Invalid(resource, "", "metadata.name", "Required value: name or generateName is required");
            }

            metadata["name"] = name;
        }
        else if (!string.IsNullOrEmpty(name) && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (resource.Namespaced && metadata.Str("namespace") is { Length: > 0 } bodyNamespace && ns is not null && bodyNamespace != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void ValidateName(ApiResource resource, string name)
    {
        // RBAC objects only need a valid path segment (the API server's own are named system:…).
        var valid = resource.Group == "rbac.authorization.k8s.io"
            ? name is not ("" or "." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('%', StringComparison.Ordinal)
            : resource.Kind is "Namespace" or "Service"
            ? DnsLabel().IsMatch(name)
            : DnsSubdomain().IsMatch(name) && name.Length <= 253;
        if (!valid)
        {
            throw ApiException.Invalid(resource, name, "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        }
    }

    internal static string RandomSuffix(int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
