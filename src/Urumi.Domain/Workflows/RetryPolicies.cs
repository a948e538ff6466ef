using Microsoft.DurableTask;

namespace Urumi.Domain.Workflows;

/// <summary>
/// Retry policies, declared once. Only <see cref="TransientException"/> is retried: a permanent
/// failure (bad values, forbidden, broken shop) fails fast so the operator learns of it at once.
/// </summary>
public static class RetryPolicies
{
    public static TaskOptions Transient { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(
            // 2 + 4 + 8 + 16 + 30 s: rides out about a minute of API trouble, or a crashed
            // worker's release lock going stale (Urumi:Helm:StalePendingAfter).
            maxNumberOfAttempts: 6,
            firstRetryInterval: TimeSpan.FromSeconds(2),
            backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromSeconds(30))
        {
            HandleFailure = IsTransient,
        });

    /// <summary>Shop verification: waits for a booting shop, bounded by the provisioning deadline.</summary>
    public static TaskOptions Verification(ProvisioningPolicy policy, TimeSpan remaining)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return TaskOptions.FromRetryPolicy(
            new RetryPolicy(
                maxNumberOfAttempts: Math.Max(1, policy.VerifyAttempts),
                firstRetryInterval: policy.VerifyFirstRetry,
                backoffCoefficient: 1.5,
                maxRetryInterval: TimeSpan.FromSeconds(30),
                retryTimeout: remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1))
            {
                HandleFailure = IsTransient,
            });
    }

    public static bool IsTransient(TaskFailureDetails failure) =>
        failure is not null && failure.IsCausedBy<TransientException>();
}
