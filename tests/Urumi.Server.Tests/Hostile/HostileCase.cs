namespace Urumi.Server.Tests.Hostile;

/// <summary>
/// One hostile request and the refusal it must get. <see cref="Type"/> null means the answer is not
/// an API problem (the dashboard's plain 404); <see cref="Key"/> is the API key sent (null: none).
/// </summary>
public sealed record HostileCase(
    string Name,
    string Method,
    string Path,
    int Status,
    string? Type,
    string? Body = null,
    string? ContentType = "application/json",
    string? Key = HostileServer.AdminKey,
    IReadOnlyList<(string Name, string Value)>? Headers = null);
