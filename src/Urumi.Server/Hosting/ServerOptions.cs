using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Urumi.Server.Hosting;

/// <summary>Section <c>Urumi:Server</c>: where the self-hosted server listens and who may call it.</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string SectionName = "Urumi:Server";

    /// <summary>Address and port of the HTTP API and dashboard, e.g. <c>127.0.0.1:5080</c> or <c>0.0.0.0:8080</c>.</summary>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:5080";

    /// <summary>Loopback port of the internal gRPC endpoint the durable client talks to; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; }

    /// <summary>
    /// This replica's identity in the task hub's partition leases. Keep it stable across restarts of
    /// the same replica (a new id waits out the old lease, about 30 s) and unique per replica.
    /// </summary>
    public string WorkerId { get; set; } = Environment.MachineName;

    /// <summary>
    /// API key name → key. Required when <see cref="Listen"/> is not a loopback address. A key's
    /// name is its caller: a member (only its own stores) unless named in <see cref="Admins"/>.
    /// </summary>
    public Dictionary<string, string> ApiKeys { get; set; } = [];

    /// <summary>Names of <see cref="ApiKeys"/> whose callers are admins (every store, the global trail, the cleanup).</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>
    /// DNS names (besides loopback names and IP addresses) that browsers may use to reach the server,
    /// e.g. <c>urumi.internal.example.com</c>; any other <c>Host</c> is refused (DNS rebinding).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>JWT bearer authentication; off unless <see cref="JwtSettings.Authority"/> is set.</summary>
    public JwtSettings Jwt { get; set; } = new();

    /// <summary>True when callers must prove who they are (API keys or JWT are configured).</summary>
    public bool RequiresCaller => ApiKeys.Count > 0 || Jwt.Enabled;

    /// <summary>Path of the host.json with the durable settings; empty finds the nearest one upwards.</summary>
    public string? HostJson { get; set; }

    /// <summary>Overrides host.json's <c>hubName</c>, e.g. to run two environments on one storage account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "Urumi:Server:HubName must be 3-45 letters and digits, starting with a letter.")]
    public string? HubName { get; set; }

    /// <summary>Storage for the task hub and the audit table; empty falls back to <c>AzureWebJobsStorage</c>.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl-C) waits for in-flight activities to finish and the task hub
    /// worker to release its leases. When it runs out — e.g. storage is gone — the remaining work is
    /// abandoned (logged by name) and the process exits; the task hub hands that work to another
    /// replica once its queue visibility timeout and partition leases expire.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Urumi:Server:ShutdownGrace must be between 00:00:01 and 00:10:00.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long one call from the API to the task hub (start, query, terminate an operation) may take.
    /// While storage is down such a call fails within this bound and the API answers 503 with Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Urumi:Server:TaskHubCallTimeout must be between 00:00:01 and 00:05:00.")]
    public TimeSpan TaskHubCallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one request of the task hub's storage clients (queues, tables, blobs) may go unanswered
    /// before it is given up and retried (Azure SDK NetworkTimeout; its default is 100 s). Storage that
    /// accepts connections but never answers then fails the workers' and the task hub API's calls
    /// within seconds instead of minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "Urumi:Server:StorageNetworkTimeout must be between 00:00:01 and 00:02:00.")]
    public TimeSpan StorageNetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IPEndPoint Endpoint => IPEndPoint.TryParse(Listen, out var endpoint) ? endpoint : throw new FormatException($"Urumi:Server:Listen '{Listen}' is not an address:port such as 127.0.0.1:5080.");

    public bool IsLoopback => IPAddress.IsLoopback(Endpoint.Address);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPEndPoint.TryParse(Listen, out var endpoint) || endpoint.Port == 0)
        {
            yield return new ValidationResult($"Urumi:Server:Listen '{Listen}' is not an address:port such as 127.0.0.1:5080.", [nameof(Listen)]);
            yield break;
        }

        if (!IPAddress.IsLoopback(endpoint.Address) && !RequiresCaller)
        {
            yield return new ValidationResult(
                $"Urumi.Server listens on {Listen}, which is reachable from other machines, but no API key is configured. " +
                "Set Urumi:Server:ApiKeys:<name>=<key> (callers send it as X-Api-Key) or Urumi:Server:Jwt:Authority, or listen on 127.0.0.1.",
                [nameof(ApiKeys)]);
        }

        if (Jwt.Enabled && (!Uri.TryCreate(Jwt.Authority, UriKind.Absolute, out _) || string.IsNullOrWhiteSpace(Jwt.Audience)))
        {
            yield return new ValidationResult(
                "Urumi:Server:Jwt:Authority must be the issuer's absolute URL, and Urumi:Server:Jwt:Audience the audience tokens are issued for.",
                [nameof(Jwt)]);
        }

        foreach (var (name, key) in ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length < 16)
            {
                yield return new ValidationResult($"API key '{name}' is shorter than 16 characters.", [nameof(ApiKeys)]);
            }
        }

        foreach (var admin in Admins.Where(a => !ApiKeys.ContainsKey(a)))
        {
            yield return new ValidationResult(
                $"Urumi:Server:Admins names '{admin}', but there is no API key of that name. Set Urumi:Server:ApiKeys:{admin}=<key>, or remove it from the admins.",
                [nameof(Admins)]);
        }

        foreach (var host in AllowedHosts.Where(h => Uri.CheckHostName(h) != UriHostNameType.Dns))
        {
            yield return new ValidationResult($"Urumi:Server:AllowedHosts entry '{host}' is not a DNS name such as urumi.example.com (no port, scheme or wildcard).", [nameof(AllowedHosts)]);
        }

        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            yield return new ValidationResult("Urumi:Server:WorkerId must not be empty.", [nameof(WorkerId)]);
        }
    }
}
