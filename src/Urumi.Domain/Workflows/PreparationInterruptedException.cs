namespace Urumi.Domain.Workflows;

/// <summary>
/// Preparing the store failed in a way a later attempt may not: retried like any <see cref="TransientException"/>.
/// When the retries run out nothing was installed either, so the workflow treats it like a <see cref="StoreRefusedException"/>.
/// </summary>
public sealed class PreparationInterruptedException(string message, Exception innerException) : TransientException(message, innerException);
