using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>Time limits of one provisioning run; chosen by the host from validated options.</summary>
public sealed record ProvisioningPolicy(
    TimeSpan Deadline,
    TimeSpan ReadinessSlice,
    TimeSpan HelmTimeout,
    int VerifyAttempts,
    TimeSpan VerifyFirstRetry)
{
    public static ProvisioningPolicy Default { get; } = new(
        Deadline: TimeSpan.FromMinutes(15),
        ReadinessSlice: TimeSpan.FromSeconds(60),
        HelmTimeout: TimeSpan.FromMinutes(5),
        VerifyAttempts: 10,
        VerifyFirstRetry: TimeSpan.FromSeconds(5));
}
