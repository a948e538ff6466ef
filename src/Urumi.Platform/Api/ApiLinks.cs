namespace Urumi.Platform.Api;

/// <summary>The API's own addresses, as answers link to them (one place for each route's shape).</summary>
public static class ApiLinks
{
    public static string Operation(string id) => "/api/operations/" + Uri.EscapeDataString(id);

    /// <param name="id">The operation's instance id.</param>
    /// <param name="kind">provision, delete, batch or cleanup.</param>
    /// <param name="status">Its runtime status.</param>
    public static OperationLink OperationLink(string id, string kind, string? status) => new(id, kind, status, Operation(id));

    public static StoreLinks Store(string name, string? operationId) => new(
        "/api/stores/" + name, "/api/stores/" + name + "/events", "/api/stores/" + name + "/credentials",
        operationId is null ? null : Operation(operationId));
}
