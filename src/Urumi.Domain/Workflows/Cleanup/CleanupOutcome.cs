using System.Text.Json.Serialization;

namespace Urumi.Domain.Workflows.Cleanup;

[JsonConverter(typeof(JsonStringEnumConverter<CleanupOutcome>))]
public enum CleanupOutcome
{
    /// <summary>Dry run: this is what a tick would do.</summary>
    Planned,
    Done,
    Reported,
    Failed,
}
