using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Urumi.ClusterSim.Faults;
using Urumi.ClusterSim.Rbac;
using Urumi.ClusterSim.Store;

namespace Urumi.ClusterSim.Api;

/// <summary>
/// The Kubernetes REST surface: discovery, OpenAPI, and GET/LIST/WATCH/POST/PUT/PATCH/DELETE for
/// every kind in <see cref="ResourceCatalog"/>, over the <see cref="ObjectStore"/>. Answers are
/// always JSON (Helm accepts JSON for its protobuf and Table Accepts); request bodies may be JSON or,
/// for Secrets, ConfigMaps and DeleteOptions, Kubernetes protobuf. With an <see cref="RbacAuthorizer"/>,
/// every request is authenticated by its bearer token and authorized before anything else.
/// </summary>
internal sealed partial class KubeApi(ObjectStore store, FaultSet faults, TokenAuthenticator tokens, RbacAuthorizer? rbac, ILogger logger, bool logRequests, CancellationToken stopping)
{
    private static readonly byte[] Comma = [(byte)','];

    private readonly ConcurrentDictionary<string, long> requests = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>API requests served so far, by the client's User-Agent product (helm, kubectl, the C# client…).</summary>
    public IReadOnlyDictionary<string, long> RequestsByAgent => requests;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        requests.AddOrUpdate(UserAgent(context), 1, static (_, n) => n + 1);
        if (logRequests)
        {
            LogRequest(logger, request.Method, path, request.QueryString.Value ?? "");
        }
        else
        {
            LogRequestDebug(logger, request.Method, path, request.QueryString.Value ?? "");
        }

        try
        {
            if (rbac is not null)
            {
                Authorize(context, path);
            }

            if (TryDiscovery(context, path, out var document))
            {
                if (document is null)
                {
                    throw new ApiException(404, "NotFound", "the server could not find the requested resource");
                }

                await WriteAsync(context, 200, Json.Serialize(document));
                return;
            }

            await HandleResourceAsync(context, path);
        }
        catch (ApiException ex)
        {
            if (ex.RetryAfterSeconds is { } retry)
            {
                context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            }

            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, ex.Code, Json.Serialize(ex.ToStatus()));
            }
        }
        catch (JsonException ex)
        {
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, 400, Json.Serialize(ApiException.BadRequest("the body of the request could not be decoded: " + ex.Message).ToStatus()));
            }
        }
    }

    private static bool TryDiscovery(HttpContext context, string path, out JsonObject? document)
    {
        document = null;
        var trimmed = path.TrimEnd('/');
        switch (trimmed)
        {
            case "/version":
                document = Discovery.Version();
                return true;
            case "/api":
                document = Discovery.CoreVersions($"127.0.0.1:{context.Connection.LocalPort}");
                return true;
            case "/apis":
                document = Discovery.GroupList();
                return true;
            case "/openapi/v3":
                document = Discovery.OpenApiRoot();
                return true;
            case "/openapi/v2":
                return true;
        }

        var segments = trimmed.Trim('/').Split('/');
        if (segments[0] == "openapi" && segments.Length >= 4 && segments[1] == "v3")
        {
            document = segments[2] == "api"
                ? Discovery.OpenApiGroupVersion("", segments[3])
                : segments.Length == 5 ? Discovery.OpenApiGroupVersion(segments[3], segments[4]) : null;
            return true;
        }

        if (segments is ["api", var coreVersion])
        {
            document = Discovery.ResourceList("", coreVersion);
            return true;
        }

        if (segments is ["apis", var group])
        {
            document = Discovery.Group(group);
            return true;
        }

        if (segments is ["apis", var g, var v])
        {
            document = Discovery.ResourceList(g, v);
            return true;
        }

        return false;
    }

    private void Authorize(HttpContext context, string path)
    {
        var user = tokens.Authenticate(context.Request.Headers.Authorization.FirstOrDefault())
            ?? throw new ApiException(401, "Unauthorized", "Unauthorized");
        var target = RequestTarget.Parse(path);
        var attributes = target is null
            ? RequestAttributes.NonResource(context.Request.Method.ToLowerInvariant(), path)
            : new RequestAttributes(Verb(context, target), target.Resource.Group, target.Resource.Plural, target.Subresource, target.Namespace, target.Name);
        if (!rbac!.IsAllowed(user, attributes))
        {
            throw RbacAuthorizer.Forbidden(user, attributes);
        }
    }

    private static string Verb(HttpContext context, RequestTarget target)
    {
        var method = context.Request.Method;
        var isWatch = target.WatchPrefix || context.Request.Query["watch"] is { Count: > 0 } w && (w.ToString() is "true" or "1");
        return method switch
        {
            "GET" when target.Name is null => isWatch ? "watch" : "list",
            "GET" => isWatch ? "watch" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => target.Name is null ? "deletecollection" : "delete",
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method})"),
        };
    }

    private async Task HandleResourceAsync(HttpContext context, string path)
    {
        var target = RequestTarget.Parse(path) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        var query = context.Request.Query;
        var verb = Verb(context, target);

        await InjectFaultsAsync(context, verb, target);
        var resource = target.Resource;
        switch (verb)
        {
            case "get":
                var obj = store.Find(resource, target.Namespace, target.Name!) ?? throw ApiException.NotFound(resource, target.Name!);
                await WriteAsync(context, 200, obj.Json);
                break;
            case "list":
                await ListAsync(context, target);
                break;
            case "watch":
                await WatchAsync(context, target);
                break;
            case "create" when target is { Resource.Plural: "serviceaccounts", Name: not null, Subresource: "token" }:
                await WriteAsync(context, 201, Json.Serialize(TokenRequest(target)));
                break;
            case "create":
                if (target.Name is not null)
                {
                    throw ApiException.MethodNotAllowed("POST to a named resource is not allowed");
                }

                var body = await ReadObjectAsync(context);
                var created = store.Create(resource, target.Namespace, body, query["fieldManager"].FirstOrDefault() ?? UserAgent(context));
                await WriteAsync(context, 201, Json.Serialize(created));
                break;
            case "update":
                var replacement = await ReadObjectAsync(context);
                var updated = store.Replace(resource, target.Namespace, target.Name!, replacement, target.Subresource, query["fieldManager"].FirstOrDefault() ?? UserAgent(context));
                await WriteAsync(context, 200, Json.Serialize(updated));
                break;
            case "patch":
                var patchType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
                var patch = JsonNode.Parse(await ReadBodyAsync(context)) ?? throw ApiException.BadRequest("empty patch");
                var (patched, wasCreated) = store.Patch(resource, target.Namespace, target.Name!, patchType, patch, query["fieldManager"].FirstOrDefault(), target.Subresource);
                await WriteAsync(context, wasCreated ? 201 : 200, Json.Serialize(patched));
                break;
            case "delete":
                var options = await ReadDeleteOptionsAsync(context);
                var deleted = store.Delete(resource, target.Namespace, target.Name!, query["propagationPolicy"].FirstOrDefault() ?? options.Str("propagationPolicy"), options.Str("preconditions", "uid"));
                await WriteAsync(context, 200, Json.Serialize(deleted));
                break;
            case "deletecollection":
                var labels = LabelSelector.Parse(query["labelSelector"]);
                var fields = FieldSelector.Parse(query["fieldSelector"]);
                var items = new JsonArray();
                foreach (var victim in store.List(resource, target.Namespace).Where(o => labels(o.Labels()) && fields(o)))
                {
                    items.Add(store.Delete(resource, victim.Namespace(), victim.Name()));
                }

                await WriteAsync(context, 200, Json.Serialize(new JsonObject { ["kind"] = resource.Kind + "List", ["apiVersion"] = resource.ApiVersion, ["metadata"] = new JsonObject(), ["items"] = items }));
                break;
        }
    }

    /// <summary>The answer to <c>POST …/serviceaccounts/NAME/token</c>: a TokenRequest with a new token in its status.</summary>
    private JsonObject TokenRequest(RequestTarget target) => new()
    {
        ["kind"] = "TokenRequest",
        ["apiVersion"] = "authentication.k8s.io/v1",
        ["metadata"] = new JsonObject { ["name"] = target.Name, ["namespace"] = target.Namespace, ["creationTimestamp"] = Json.Timestamp(store.Now) },
        ["spec"] = new JsonObject { ["audiences"] = new JsonArray("https://kubernetes.default.svc"), ["expirationSeconds"] = 3600 },
        ["status"] = new JsonObject
        {
            ["token"] = tokens.Issue(target.Namespace!, target.Name!),
            ["expirationTimestamp"] = Json.Timestamp(store.Now.AddHours(1)),
        },
    };

    private async Task InjectFaultsAsync(HttpContext context, string verb, RequestTarget target)
    {
        var ns = target.Namespace;
        var name = target.Name;
        if (faults.MatchRequest(FaultKind.Latency, verb, target.Resource.Plural, ns, name) is { } latency)
        {
            await faults.HoldAsync(latency, context.RequestAborted);
        }

        if (faults.MatchRequest(FaultKind.ApiError, verb, target.Resource.Plural, ns, name) is { } error)
        {
            var (reason, message) = error.StatusCode switch
            {
                429 => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
                503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
                504 => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
                _ => ("InternalError", "Internal error occurred: injected fault"),
            };
            throw new ApiException(error.StatusCode, reason, message)
            {
                RetryAfterSeconds = error.StatusCode is 429 or 503 ? error.RetryAfterSeconds : null,
            };
        }
    }

    private async Task ListAsync(HttpContext context, RequestTarget target)
    {
        var query = context.Request.Query;
        var filter = Filter(query);
        var (items, rv) = store.ListStored(target.Resource, target.Namespace, filter);
        var limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var start = 0;
        if (query["continue"].FirstOrDefault() is { Length: > 0 } token)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }

            start = items.TakeWhile(i => string.CompareOrdinal(i.Key, after) <= 0).Count();
        }

        var page = items.Skip(start).Take(limit).ToList();
        var remaining = items.Count - start - page.Count;
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (remaining > 0)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key));
            metadata["remainingItemCount"] = remaining;
        }

        var head = Encoding.UTF8.GetBytes($"{{\"kind\":\"{target.Resource.Kind}List\",\"apiVersion\":\"{target.Resource.ApiVersion}\",\"metadata\":{metadata.ToJsonString()},\"items\":[");
        using var buffer = new MemoryStream(head.Length + page.Sum(p => p.Json.Length + 1) + 2);
        buffer.Write(head);
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(Comma);
            }

            buffer.Write(page[i].Json);
        }

        buffer.Write("]}"u8);
        await WriteAsync(context, 200, buffer.ToArray());
    }

    private async Task WatchAsync(HttpContext context, RequestTarget target)
    {
        var query = context.Request.Query;
        var filter = Filter(query);
        if (target.Name is { } name)
        {
            var byQuery = filter;
            filter = o => o.Name() == name && byQuery(o);
        }

        var sendInitialEvents = query["sendInitialEvents"].FirstOrDefault() == "true";
        var fromVersion = long.TryParse(query["resourceVersion"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rv) ? rv : 0;
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        var drop = faults.MatchRequest(FaultKind.WatchDrop, "watch", target.Resource.Plural, target.Namespace, target.Name);
        if (drop is not null && drop.Interval > TimeSpan.Zero && drop.Interval < timeout)
        {
            timeout = drop.Interval;
        }

        using var subscription = store.Watch(target.Resource, target.Namespace, filter, sendInitialEvents, fromVersion);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        lifetime.CancelAfter(timeout);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        var body = response.Body;
        try
        {
            // Headers go out at once: clients wait for them before reading events.
            await response.StartAsync(lifetime.Token);
            await body.FlushAsync(lifetime.Token);
            while (await subscription.Reader.WaitToReadAsync(lifetime.Token))
            {
                while (subscription.Reader.TryRead(out var frame))
                {
                    await body.WriteAsync(frame, lifetime.Token);
                }

                await body.FlushAsync(lifetime.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, client gone, dropped by a fault, or the simulator stopping.
        }
        catch (IOException)
        {
            // Client gone mid-write.
        }

        LogWatchClosed(logger, target.Resource.Plural, target.Namespace);
    }

    private static Func<JsonObject, bool> Filter(IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        return o => labels(o.Labels()) && fields(o);
    }

    private static string UserAgent(HttpContext context) =>
        context.Request.Headers.UserAgent.ToString().Split('/')[0] is { Length: > 0 } agent ? agent : "unknown";

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        var contentType = (context.Request.ContentType ?? "application/json").Split(';')[0].Trim();
        return contentType switch
        {
            Protobuf.ContentType => Protobuf.Decode(body),
            "application/json" or "" or "*/*" => Json.Parse(body),
            "application/yaml" when body.AsSpan().TrimStart(" \r\n\t"u8).StartsWith("{"u8) => Json.Parse(body),
            _ => throw ApiException.UnsupportedMediaType(contentType),
        };
    }

    private static async Task<JsonObject> ReadDeleteOptionsAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (body.Length == 0)
        {
            return [];
        }

        return (context.Request.ContentType ?? "").StartsWith(Protobuf.ContentType, StringComparison.Ordinal) ? Protobuf.Decode(body) : Json.Parse(body);
    }

    internal static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "{Method} {Path}{Query}")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "{Method} {Path}{Query}")]
    private static partial void LogRequestDebug(ILogger logger, string method, string path, string query);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "Watch of {Resource} in {Namespace} closed")]
    private static partial void LogWatchClosed(ILogger logger, string resource, string? @namespace);
}

/// <summary>A parsed resource URL: group/version, namespace, resource, name and subresource.</summary>
internal sealed record RequestTarget(ApiResource Resource, string? Namespace, string? Name, string? Subresource, bool WatchPrefix)
{
    public static RequestTarget? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group;
        string version;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return null;
        }

        var watch = rest[0] == "watch";
        if (watch)
        {
            rest = rest[1..];
        }

        if (rest.Length >= 3 && rest[0] == "namespaces" && ResourceCatalog.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            return rest.Length > 5 ? null : new RequestTarget(namespaced, rest[1], rest.ElementAtOrDefault(3), rest.ElementAtOrDefault(4), watch);
        }

        if (rest.Length is >= 1 and <= 3 && ResourceCatalog.Find(group, version, rest[0]) is { } resource)
        {
            return new RequestTarget(resource, null, rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2), watch);
        }

        return null;
    }
}
