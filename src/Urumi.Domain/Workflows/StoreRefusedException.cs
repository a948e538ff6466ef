namespace Urumi.Domain.Workflows;

/// <summary>
/// The store could not be prepared (its namespace is being deleted, the lifecycle forbids the move, the
/// cluster refused the namespace or Secret): nothing was installed, so a provisioning ends without compensation
/// and leaves the store's status as it was. The workflow tells it from other failures by its type.
/// </summary>
public sealed class StoreRefusedException(string message, Exception innerException) : PermanentException(message, innerException);
