using System.Text.Json.Serialization;

namespace Urumi.Domain.Workflows.Cleanup;

[JsonConverter(typeof(JsonStringEnumConverter<CleanupAction>))]
public enum CleanupAction
{
    Delete,
    Rollback,
    Uninstall,
    Report,
    Purge,
}
