using System.Text.Json.Serialization;

namespace Urumi.Domain.Ports;

/// <summary>Held only in activity memory and the Kubernetes Secret. Not serializable on purpose.</summary>
public sealed class StoreCredentials(string adminUser, string adminPassword, string adminEmail, string? applicationPassword)
{
    public string AdminUser { get; } = adminUser;

    [JsonIgnore]
    public string AdminPassword { get; } = adminPassword;

    public string AdminEmail { get; } = adminEmail;

    /// <summary>WordPress application password for the REST API; null until the chart's setup has registered it.</summary>
    [JsonIgnore]
    public string? ApplicationPassword { get; } = applicationPassword;

    public override string ToString() => $"StoreCredentials({AdminUser}, ***)";
}
