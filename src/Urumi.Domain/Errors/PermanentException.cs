namespace Urumi.Domain;

/// <summary>
/// A failure that retrying cannot fix (bad chart values, forbidden, a pod that cannot start).
/// The message is written for an operator.
/// </summary>
public class PermanentException : Exception
{
    public PermanentException(string message) : base(message) { }

    public PermanentException(string message, Exception innerException) : base(message, innerException) { }
}
