using System.Text.Json.Serialization;

namespace Urumi.Domain.Ports;

[JsonConverter(typeof(JsonStringEnumConverter<AuditOutcome>))]
public enum AuditOutcome
{
    Accepted,
    Succeeded,
    Failed,
    Info,
}
