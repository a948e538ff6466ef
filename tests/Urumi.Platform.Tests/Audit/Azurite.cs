namespace Urumi.Platform.Tests.Audit;

/// <summary>The private Azurite that <c>build/test.sh</c> starts for the test run.</summary>
internal static class Azurite
{
    public const string Variable = "AZURITE_CONNECTION_STRING";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The audit tests need a real Azurite: run them with " +
                "`bash build/test.sh --filter \"FullyQualifiedName~Audit\"`, which starts a private Azurite and sets it.");

    /// <summary>A table name no other test class or earlier run uses.</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];
}
