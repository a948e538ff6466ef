using System.Text.Json.Serialization;

namespace Urumi.Domain.Ports;

[JsonConverter(typeof(JsonStringEnumConverter<HelmReleaseStatus>))]
public enum HelmReleaseStatus
{
    Unknown,
    Deployed,
    Failed,
    PendingInstall,
    PendingUpgrade,
    PendingRollback,
    Uninstalling,
    Uninstalled,
    Superseded,
}
