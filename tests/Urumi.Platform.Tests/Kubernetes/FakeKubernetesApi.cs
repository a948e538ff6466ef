using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Urumi.Platform.Tests.Kubernetes;

/// <summary>
/// A small in-memory Kubernetes API server on 127.0.0.1 for the adapter tests (test-only; the cluster
/// simulator replaces it later). Serves GET/LIST (label and field selectors), POST (409 when it exists),
/// merge/strategic-merge PATCH, DELETE (finalizers respected, namespaces terminate), and
/// <c>?watch=true</c> streams of newline-delimited events from a resourceVersion. Faults: any status
/// (429 with Retry-After, 403, 500) for the next matching requests, 410 Gone or a dropped stream for the
/// next watch of a resource, and per-request latency.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private static readonly Dictionary<string, string> KindOfResource = new(StringComparer.Ordinal)
    {
        ["namespaces"] = "Namespace",
        ["pods"] = "Pod",
        ["secrets"] = "Secret",
        ["configmaps"] = "ConfigMap",
        ["persistentvolumeclaims"] = "PersistentVolumeClaim",
        ["events"] = "Event",
        ["deployments"] = "Deployment",
        ["statefulsets"] = "StatefulSet",
        ["replicasets"] = "ReplicaSet",
        ["jobs"] = "Job",
    };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<StoredEvent> _log = [];
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resourceVersion = 1000;
    private int _inFlight;
    private int _maxInFlight;

    private FakeKubernetesApi(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Added to every non-watch request before it is answered.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How long a namespace without blocking finalizers stays Terminating before it disappears.</summary>
    public TimeSpan NamespaceDeletionDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The most non-watch requests that were being answered at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Every request as "METHOD path?query", in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseAddress = new Uri(address);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    // ---- test-side access to the store --------------------------------------------------------

    /// <summary>Creates or replaces <paramref name="item"/> (ADDED or MODIFIED for watchers).</summary>
    public void Put<T>(T item) where T : IKubernetesObject
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();
        var (group, version, kind) = TypeInfo<T>();
        json["apiVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        json["kind"] = kind;
        var metadata = json["metadata"]?.AsObject() ?? throw new ArgumentException("metadata is required");
        var ns = metadata["namespace"]?.GetValue<string>();
        var key = Key(Collection(group, version, kind), kind == "Namespace" ? null : ns, metadata["name"]!.GetValue<string>());
        lock (_gate)
        {
            var existed = _objects.TryGetValue(key, out var old);
            metadata["uid"] ??= old?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= old?["metadata"]?["creationTimestamp"]?.DeepClone() ?? Timestamp();
            Commit(existed ? "MODIFIED" : "ADDED", key, json);
        }
    }

    public T? Get<T>(string? ns, string name) where T : class, IKubernetesObject
    {
        var (group, version, kind) = TypeInfo<T>();
        lock (_gate)
        {
            return _objects.TryGetValue(Key(Collection(group, version, kind), kind == "Namespace" ? null : ns, name), out var json)
                ? KubernetesJson.Deserialize<T>(json.ToJsonString())
                : null;
        }
    }

    /// <summary>Removes an object at once, ignoring finalizers (DELETED for watchers).</summary>
    public void Remove<T>(string? ns, string name) where T : IKubernetesObject
    {
        var (group, version, kind) = TypeInfo<T>();
        lock (_gate)
        {
            var key = Key(Collection(group, version, kind), kind == "Namespace" ? null : ns, name);
            if (_objects.TryGetValue(key, out var json))
            {
                Commit("DELETED", key, json);
            }
        }
    }

    // ---- faults ---------------------------------------------------------------------------------

    /// <summary>The next <paramref name="times"/> requests whose method and path match answer with <paramref name="status"/>.</summary>
    public void FailNext(string method, string pathContains, int status, int times = 1, int? retryAfterSeconds = null, string? message = null)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(FaultKind.Status, method, pathContains, times, status, retryAfterSeconds, message ?? $"injected {status}"));
        }
    }

    /// <summary>The next watch of <paramref name="resource"/> answers 200 and then an ERROR event with a 410 Gone Status.</summary>
    public void ExpireNextWatch(string resource, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(FaultKind.WatchGone, "GET", "/" + resource, times, 410, null, "too old resource version"));
        }
    }

    /// <summary>The next watch of <paramref name="resource"/> is accepted and then closed without any event.</summary>
    public void DropNextWatch(string resource, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(FaultKind.WatchDrop, "GET", "/" + resource, times, 200, null, ""));
        }
    }

    public int CountRequests(string method, string pathEndsWith, bool watch) =>
        _requests.Count(r =>
        {
            var space = r.IndexOf(' ', StringComparison.Ordinal);
            var query = r.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? r[(space + 1)..] : r[(space + 1)..query];
            var isWatch = query >= 0 && r.AsSpan(query).Contains("watch=true", StringComparison.Ordinal);
            return r.StartsWith(method + " ", StringComparison.Ordinal) && path.EndsWith(pathEndsWith, StringComparison.Ordinal) && isWatch == watch;
        });

    // ---- HTTP ---------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var watch = request.Query["watch"] is var w && (w == "true" || w == "1");
        _requests.Enqueue($"{request.Method} {path}{request.QueryString}");

        if (!watch)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
        }

        try
        {
            if (!watch && Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            var fault = TakeFault(request.Method, path, watch);
            if (fault is { Kind: FaultKind.Status })
            {
                await WriteStatus(context, fault.Status, ReasonOf(fault.Status), fault.Message, fault.RetryAfterSeconds);
                return;
            }

            if (path.TrimEnd('/') == "/version")
            {
                await WriteJson(context, 200, new JsonObject { ["major"] = "1", ["minor"] = "35", ["gitVersion"] = "v1.35.0-fake", ["platform"] = "linux/amd64" });
                return;
            }

            if (Parse(path) is not { } target)
            {
                await WriteStatus(context, 404, "NotFound", $"the server could not find the requested resource {path}");
                return;
            }

            switch (request.Method)
            {
                case "GET" when watch:
                    await WatchAsync(context, target, fault);
                    break;
                case "GET" when target.Name is null:
                    await ListAsync(context, target);
                    break;
                case "GET":
                    await GetAsync(context, target);
                    break;
                case "POST" when target.Name is null:
                    await CreateAsync(context, target);
                    break;
                case "PATCH" when target.Name is not null:
                    await PatchAsync(context, target);
                    break;
                case "DELETE" when target.Name is not null:
                    await DeleteAsync(context, target);
                    break;
                default:
                    await WriteStatus(context, 405, "MethodNotAllowed", $"{request.Method} is not supported on {path}");
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // client went away
        }
        finally
        {
            if (!watch)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task GetAsync(HttpContext context, Target target)
    {
        JsonObject? item;
        lock (_gate)
        {
            item = _objects.TryGetValue(target.Key, out var found) ? (JsonObject)found.DeepClone() : null;
        }

        if (item is null)
        {
            await NotFound(context, target);
            return;
        }

        await WriteJson(context, 200, item);
    }

    private async Task ListAsync(HttpContext context, Target target)
    {
        var labelSelector = context.Request.Query["labelSelector"].ToString();
        var fieldSelector = context.Request.Query["fieldSelector"].ToString();
        var items = new JsonArray();
        string version;
        lock (_gate)
        {
            foreach (var (key, item) in _objects.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (InCollection(key, target) && Matches(item, labelSelector, fieldSelector))
                {
                    items.Add(item.DeepClone());
                }
            }

            version = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteJson(context, 200, new JsonObject
        {
            ["apiVersion"] = target.ApiVersion,
            ["kind"] = target.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version },
            ["items"] = items,
        });
    }

    private async Task CreateAsync(HttpContext context, Target target)
    {
        var body = await ReadBody(context);
        var metadata = body["metadata"]?.AsObject() ?? [];
        body["metadata"] = metadata;
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            await WriteStatus(context, 422, "Invalid", $"{target.Kind} is invalid: metadata.name: Required value");
            return;
        }

        var key = Key(target.Collection, target.Namespace, name);
        (int Code, string Reason, string Message)? failure;
        JsonNode stored;
        lock (_gate)
        {
            failure = CreateLocked(target, key, name, body, metadata);
            stored = body.DeepClone();
        }

        if (failure is { } f)
        {
            await WriteStatus(context, f.Code, f.Reason, f.Message, details: (name, target));
            return;
        }

        await WriteJson(context, 201, stored);
    }

    /// <summary>Stores a new object, or says why not. Call under the lock.</summary>
    private (int Code, string Reason, string Message)? CreateLocked(Target target, string key, string name, JsonObject body, JsonObject metadata)
    {
        if (target.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
            if (!_objects.TryGetValue(Key("api/v1/namespaces", null, ns), out var nsObject))
            {
                return (404, "NotFound", $"namespaces \"{ns}\" not found");
            }

            if (nsObject["metadata"]?["deletionTimestamp"] is not null)
            {
                return (403, "Forbidden", $"{target.Resource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
            }
        }

        if (_objects.ContainsKey(key))
        {
            return (409, "AlreadyExists", $"{target.Resource} \"{name}\" already exists");
        }

        body["apiVersion"] = target.ApiVersion;
        body["kind"] = target.Kind;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp();
        metadata["generation"] = 1;
        if (target.Kind == "Secret" && body["stringData"] is JsonObject stringData)
        {
            var data = body["data"]?.AsObject() ?? [];
            foreach (var (k, v) in stringData)
            {
                data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v!.GetValue<string>()));
            }

            body["data"] = data;
            body.Remove("stringData");
        }

        if (target.Kind == "Namespace")
        {
            body["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            body["status"] = new JsonObject { ["phase"] = "Active" };
        }

        Commit("ADDED", key, body);
        return null;
    }

    private async Task PatchAsync(HttpContext context, Target target)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
            && !contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            await WriteStatus(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format: {contentType}");
            return;
        }

        var patch = await ReadBody(context);
        JsonObject? result = null;
        lock (_gate)
        {
            if (_objects.TryGetValue(target.Key, out var existing))
            {
                result = (JsonObject)existing.DeepClone();
                MergePatch(result, patch);
                Commit("MODIFIED", target.Key, result);
            }
        }

        if (result is null)
        {
            await NotFound(context, target);
            return;
        }

        await WriteJson(context, 200, result);
    }

    private async Task DeleteAsync(HttpContext context, Target target)
    {
        JsonObject? result = null;
        var scheduleRemoval = false;
        lock (_gate)
        {
            if (_objects.TryGetValue(target.Key, out var existing))
            {
                result = (JsonObject)existing.DeepClone();
                if (target.Kind == "Namespace")
                {
                    scheduleRemoval = TerminateNamespace(target, result);
                }
                else if (result["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
                {
                    result["metadata"]!["deletionTimestamp"] ??= Timestamp();
                    Commit("MODIFIED", target.Key, result);
                }
                else
                {
                    Commit("DELETED", target.Key, result);
                }
            }
        }

        if (result is null)
        {
            await NotFound(context, target);
            return;
        }

        if (scheduleRemoval)
        {
            _ = RemoveLaterAsync(target.Key);
        }

        await WriteJson(context, 200, result);
    }

    /// <summary>Marks the namespace Terminating and deletes its content; true when nothing blocks its removal.</summary>
    private bool TerminateNamespace(Target target, JsonObject ns)
    {
        var name = target.Name!;
        ns["metadata"]!["deletionTimestamp"] ??= Timestamp();
        var status = ns["status"]?.AsObject() ?? [];
        status["phase"] = "Terminating";
        ns["status"] = status;

        var blocked = new Dictionary<string, int>(StringComparer.Ordinal);
        var remainingKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, item) in _objects.Where(o => o.Value["metadata"]?["namespace"]?.GetValue<string>() == name && !o.Key.StartsWith("api/v1/namespaces|", StringComparison.Ordinal)).ToList())
        {
            if (item["metadata"]?["finalizers"] is JsonArray { Count: > 0 } finalizers)
            {
                var copy = (JsonObject)item.DeepClone();
                copy["metadata"]!["deletionTimestamp"] ??= Timestamp();
                Commit("MODIFIED", key, copy);
                foreach (var f in finalizers)
                {
                    var finalizer = f!.GetValue<string>();
                    blocked[finalizer] = blocked.GetValueOrDefault(finalizer) + 1;
                }

                var resource = key.Split('|')[0].Split('/')[^1];
                remainingKinds[resource] = remainingKinds.GetValueOrDefault(resource) + 1;
            }
            else
            {
                Commit("DELETED", key, item);
            }
        }

        var ownFinalizers = ns["metadata"]?["finalizers"] is JsonArray { Count: > 0 };
        if (blocked.Count > 0)
        {
            status["conditions"] = new JsonArray(
                Condition("NamespaceContentRemaining", "SomeResourcesRemain",
                    "Some resources are remaining: " + string.Join(", ", remainingKinds.Select(r => $"{r.Key} has {r.Value} resource instances"))),
                Condition("NamespaceFinalizersRemaining", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + string.Join(", ", blocked.Select(b => $"{b.Key} in {b.Value} resource instances"))));
        }

        Commit("MODIFIED", target.Key, ns);
        return blocked.Count == 0 && !ownFinalizers;
    }

    private async Task RemoveLaterAsync(string key)
    {
        try
        {
            await Task.Delay(NamespaceDeletionDelay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (_objects.TryGetValue(key, out var ns))
            {
                Commit("DELETED", key, ns);
            }
        }
    }

    private async Task WatchAsync(HttpContext context, Target target, Fault? fault)
    {
        var query = context.Request.Query;
        var labelSelector = query["labelSelector"].ToString();
        var fieldSelector = query["fieldSelector"].ToString();
        var timeout = TimeSpan.FromSeconds(int.TryParse(query["timeoutSeconds"], out var seconds) ? seconds : 60);
        _ = long.TryParse(query["resourceVersion"], out var cursor);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();

        if (fault is { Kind: FaultKind.WatchGone })
        {
            var status = StatusObject(410, "Expired", $"too old resource version: {cursor}");
            await WriteLine(context, new JsonObject { ["type"] = "ERROR", ["object"] = status });
            return;
        }

        if (fault is { Kind: FaultKind.WatchDrop })
        {
            return;
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        timeoutCts.CancelAfter(timeout);
        var token = timeoutCts.Token;

        if (cursor == 0)
        {
            List<JsonObject> initial;
            lock (_gate)
            {
                initial = _objects.Where(o => InCollection(o.Key, target) && Matches(o.Value, labelSelector, fieldSelector))
                    .Select(o => (JsonObject)o.Value.DeepClone()).ToList();
                cursor = _resourceVersion;
            }

            foreach (var item in initial)
            {
                await WriteLine(context, new JsonObject { ["type"] = "ADDED", ["object"] = item });
            }
        }

        try
        {
            while (!token.IsCancellationRequested)
            {
                List<StoredEvent> pending;
                Task changed;
                lock (_gate)
                {
                    pending = _log.Where(e => e.Version > cursor && InCollection(e.Key, target) && Matches(e.Item, labelSelector, fieldSelector)).ToList();
                    changed = _changed.Task;
                    cursor = Math.Max(cursor, _resourceVersion);
                }

                foreach (var e in pending)
                {
                    await WriteLine(context, new JsonObject { ["type"] = e.Type, ["object"] = e.Item.DeepClone() });
                }

                await changed.WaitAsync(token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds reached or client gone: end the stream
        }
    }

    // ---- store internals ------------------------------------------------------------------------

    /// <summary>Stores (or deletes) an object under a new resourceVersion and wakes the watchers. Call under the lock.</summary>
    private void Commit(string type, string key, JsonObject item)
    {
        _resourceVersion++;
        item["metadata"]!["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (type == "DELETED")
        {
            _objects.Remove(key);
        }
        else
        {
            _objects[key] = item;
        }

        _log.Add(new StoredEvent(_resourceVersion, type, key, (JsonObject)item.DeepClone()));
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>Status faults apply to ordinary requests (path contains); watch faults to watches (path ends with).</summary>
    private Fault? TakeFault(string method, string path, bool watch)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Method == method && (watch
                ? f.Kind != FaultKind.Status && path.EndsWith(f.PathContains, StringComparison.Ordinal)
                : f.Kind == FaultKind.Status && path.Contains(f.PathContains, StringComparison.Ordinal)));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            if (fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    private static bool InCollection(string key, Target target)
    {
        var parts = key.Split('|');
        return parts[0] == target.Collection && (target.Namespace is null || parts[1] == target.Namespace);
    }

    private static bool Matches(JsonObject item, string labelSelector, string fieldSelector)
    {
        var labels = item["metadata"]?["labels"] as JsonObject;
        foreach (var term in labelSelector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = Split(term, "!=");
                if (labels?[k]?.GetValue<string>() == v)
                {
                    return false;
                }
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var (k, v) = Split(term.Replace("==", "=", StringComparison.Ordinal), "=");
                if (labels?[k]?.GetValue<string>() != v)
                {
                    return false;
                }
            }
            else if (term.StartsWith('!'))
            {
                if (labels?.ContainsKey(term[1..]) == true)
                {
                    return false;
                }
            }
            else if (labels?.ContainsKey(term) != true)
            {
                return false;
            }
        }

        foreach (var term in fieldSelector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var (path, expected) = Split(term.Replace("==", "=", StringComparison.Ordinal), negate ? "!=" : "=");
            JsonNode? node = item;
            foreach (var segment in path.Split('.'))
            {
                node = node?[segment];
            }

            var actual = node?.ToString() ?? "";
            if ((actual == expected) == negate)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Key, string Value) Split(string term, string separator)
    {
        var at = term.IndexOf(separator, StringComparison.Ordinal);
        return (term[..at].Trim(), term[(at + separator.Length)..].Trim());
    }

    /// <summary>RFC 7386 JSON merge patch (strategic merge behaves the same for the maps Urumi patches).</summary>
    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else if (value is JsonObject newObject)
            {
                var fresh = new JsonObject();
                MergePatch(fresh, newObject);
                target[key] = fresh;
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static Target? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        int rest;
        string apiVersion;
        if (segments is ["api", "v1", ..])
        {
            (rest, apiVersion) = (2, "v1");
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (rest, apiVersion) = (3, $"{segments[1]}/{segments[2]}");
        }
        else
        {
            return null;
        }

        var prefix = string.Join('/', segments[..rest]);
        var tail = segments[rest..];
        return tail switch
        {
            ["namespaces"] => new Target(prefix + "/namespaces", apiVersion, "namespaces", null, null),
            ["namespaces", var name] => new Target(prefix + "/namespaces", apiVersion, "namespaces", null, name),
            ["namespaces", var ns, var resource] => new Target(prefix + "/" + resource, apiVersion, resource, ns, null),
            ["namespaces", var ns, var resource, var name] => new Target(prefix + "/" + resource, apiVersion, resource, ns, name),
            [var resource] => new Target(prefix + "/" + resource, apiVersion, resource, null, null),
            _ => null,
        };
    }

    private static (string Group, string Version, string Kind) TypeInfo<T>()
    {
        string Constant(string name) => (string)typeof(T).GetField(name)!.GetValue(null)!;
        return (Constant("KubeGroup"), Constant("KubeApiVersion"), Constant("KubeKind"));
    }

    private static string Collection(string group, string version, string kind) =>
        (group.Length == 0 ? "api/v1" : $"apis/{group}/{version}") + "/" + KindOfResource.First(r => r.Value == kind).Key;

    private static string Key(string collection, string? ns, string name) => $"{collection}|{ns}|{name}";

    private static string Timestamp() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = Timestamp(),
    };

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }

    private static async Task<JsonObject> ReadBody(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("body is not a JSON object");
    }

    private static Task NotFound(HttpContext context, Target target) =>
        WriteStatus(context, 404, "NotFound", $"{target.Resource} \"{target.Name}\" not found", details: (target.Name, target));

    private static string ReasonOf(int status) => status switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        410 => "Expired",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        _ => "InternalError",
    };

    private static JsonObject StatusObject(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static async Task WriteStatus(HttpContext context, int code, string reason, string message, int? retryAfterSeconds = null, (string? Name, Target Target)? details = null)
    {
        var status = StatusObject(code, reason, message);
        if (details is { } d)
        {
            status["details"] = new JsonObject { ["name"] = d.Name, ["kind"] = d.Target.Resource };
        }

        if (retryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteJson(context, code, status);
    }

    private static async Task WriteJson(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task WriteLine(HttpContext context, JsonObject watchEvent)
    {
        await context.Response.WriteAsync(watchEvent.ToJsonString() + "\n");
        await context.Response.Body.FlushAsync();
    }

    private sealed record Target(string Collection, string ApiVersion, string Resource, string? Namespace, string? Name)
    {
        public string Kind => KindOfResource.TryGetValue(Resource, out var kind) ? kind : Resource;

        public string Key => FakeKubernetesApi.Key(Collection, Namespace, Name ?? "");
    }

    private sealed record StoredEvent(long Version, string Type, string Key, JsonObject Item);

    private enum FaultKind
    {
        Status,
        WatchGone,
        WatchDrop,
    }

    private sealed class Fault(FaultKind kind, string method, string pathContains, int remaining, int status, int? retryAfterSeconds, string message)
    {
        public FaultKind Kind { get; } = kind;

        public string Method { get; } = method;

        public string PathContains { get; } = pathContains;

        public int Remaining { get; set; } = remaining;

        public int Status { get; } = status;

        public int? RetryAfterSeconds { get; } = retryAfterSeconds;

        public string Message { get; } = message;
    }
}
