using System.Text.Json.Nodes;

namespace Urumi.ClusterSim.Api;

/// <summary>A failure answered as a Kubernetes <c>Status</c> object (shape as the real API server's).</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>Seconds for a <c>Retry-After</c> header (429 and some 5xx).</summary>
    public int? RetryAfterSeconds { get; init; }

    public JsonObject ToStatus() => Status(Code, Reason, Message, Details?.DeepClone().AsObject());

    public static JsonObject Status(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject SuccessStatus(ApiResource resource, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Describe(resource, name, uid),
    };

    private static JsonObject Describe(ApiResource resource, string name, string? uid = null)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Plural };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return details;
    }

    public static ApiException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", Describe(resource, name));

    public static ApiException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", Describe(resource, name));

    public static ApiException Conflict(ApiResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": {why}", Describe(resource, name));

    public static ApiException Invalid(ApiResource resource, string name, string field, string why)
    {
        var details = Describe(resource, name);
        details["kind"] = resource.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = why, ["field"] = field });
        var qualifiedKind = resource.Group.Length == 0 ? resource.Kind : $"{resource.Kind}.{resource.Group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {field}: {why}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    public static ApiException Forbidden(ApiResource resource, string name, string why, string? causeReason = null)
    {
        var details = Describe(resource, name);
        if (causeReason is not null)
        {
            details["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = why, ["field"] = "metadata.namespace" });
        }

        return new(403, "Forbidden", $"{resource.QualifiedName} \"{name}\" is forbidden: {why}", details);
    }
}
