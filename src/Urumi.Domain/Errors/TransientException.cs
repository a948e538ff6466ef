namespace Urumi.Domain;

/// <summary>
/// The outside world failed in a way that a later attempt may not (timeouts, 5xx, 429, a Helm
/// lock held by another operation). Workflows retry these and nothing else.
/// </summary>
public class TransientException : Exception
{
    public TransientException(string message) : base(message) { }

    public TransientException(string message, Exception innerException) : base(message, innerException) { }
}
