namespace Urumi.Platform.Shop;

/// <summary>
/// Ends a verification pass at <see cref="Step"/>: <see cref="Retryable"/> means "not yet" (the
/// workflow asks again until its deadline), otherwise the shop is broken and <see cref="Exception.Message"/>
/// says why in words an operator can act on.
/// </summary>
internal sealed class ProbeFailure(string step, bool retryable, string message, long? orderId = null) : Exception(message)
{
    public string Step { get; } = step;

    public bool Retryable { get; } = retryable;

    /// <summary>The test order the pass had placed when it failed, if any.</summary>
    public long? OrderId { get; } = orderId;

    public static ProbeFailure NotYet(string step, string detail) => new(step, retryable: true, detail);

    public static ProbeFailure Broken(string step, string detail) => new(step, retryable: false, detail);
}
