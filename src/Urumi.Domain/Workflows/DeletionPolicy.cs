using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

public sealed record DeletionPolicy(TimeSpan Deadline, TimeSpan WaitSlice, TimeSpan HelmTimeout)
{
    public static DeletionPolicy Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));
}
