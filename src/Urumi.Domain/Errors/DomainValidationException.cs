namespace Urumi.Domain;

/// <summary>A request value broke a domain rule; <see cref="Field"/> names the input to fix.</summary>
public sealed class DomainValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
