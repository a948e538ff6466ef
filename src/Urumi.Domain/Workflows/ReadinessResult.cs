using Urumi.Domain.Ports;

namespace Urumi.Domain.Workflows;

// Persisted in durable history (an orchestration or activity input or output): names, policies and
// reasons only, never a password, token or Secret value.

/// <summary>One readiness wait (<see cref="Activities.WaitForReady"/>), and the shop check it went on to when asked.</summary>
/// <param name="Readiness">What the wait saw.</param>
/// <param name="Verification">The shop check run once everything was ready (<see cref="WaitInput.ThenVerify"/>); null: not run, or it could not answer.</param>
public sealed record ReadinessResult(ReadinessReport Readiness, ShopVerification? Verification = null);
