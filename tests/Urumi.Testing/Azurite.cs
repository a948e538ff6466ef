namespace Urumi.Testing;

/// <summary>The private Azurite that <c>build/test.sh</c> starts for the test run.</summary>
public static class Azurite
{
    public const string Variable = "AZURITE_CONNECTION_STRING";

    /// <summary>Its connection string, or a failure saying how to run the tests so there is one.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. These tests need a real Azurite: run them with " +
                "`bash build/test.sh --filter \"FullyQualifiedName~<Class>\"`, which starts a private Azurite and sets it.");

    /// <summary>A table name no other test class or earlier run uses.</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];
}
