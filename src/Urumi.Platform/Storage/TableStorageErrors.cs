using System.Globalization;
using Azure;
using Urumi.Domain;

namespace Urumi.Platform.Storage;

/// <summary>
/// Table storage failures as the domain's retryable / permanent errors, for every table Urumi keeps
/// (the audit trail, the operation claims).
/// </summary>
internal static class TableStorageErrors
{
    /// <summary>
    /// The domain error for <paramref name="error"/>, or null when it is not a storage failure (or the
    /// caller cancelled). <paramref name="what"/> says what was being done, <paramref name="table"/>
    /// which table ("the audit table 'X'"), <paramref name="setting"/> what to check when storage refuses.
    /// </summary>
    public static Exception? ToDomain(Exception error, string what, string table, string setting, CancellationToken cancellationToken) => error switch
    {
        RequestFailedException failed when IsTransient(failed) =>
            new TransientException($"Could not {what}: {table} is unavailable ({Describe(failed)}).", error),
        RequestFailedException failed =>
            new PermanentException($"Could not {what}: the storage account rejected the request on {table} ({Describe(failed)}). Check {setting}.", error),
        // Azure.Core's retry policy gives up with every attempt's exception.
        AggregateException aggregate when aggregate.InnerExceptions.All(IsTransientInner) =>
            new TransientException($"Could not {what}: {table} is unavailable, it did not answer ({aggregate.InnerExceptions[^1].Message}).", error),
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            new TransientException($"Could not {what}: {table} is unavailable, it timed out.", error),
        _ => null,
    };

    public static int Status(Exception error) => error is RequestFailedException failed ? failed.Status : 0;

    private static bool IsTransient(RequestFailedException error) => error.Status is 0 or 408 or 429 or >= 500;

    private static bool IsTransientInner(Exception error) => error switch
    {
        RequestFailedException failed => IsTransient(failed),
        HttpRequestException or TimeoutException or OperationCanceledException or IOException => true,
        _ => false,
    };

    private static string Describe(RequestFailedException error) =>
        error.Status == 0 ? error.InnerException?.Message ?? error.Message : $"{error.Status.ToString(CultureInfo.InvariantCulture)} {error.ErrorCode}";
}
