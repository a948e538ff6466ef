using System.Security.Cryptography;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Kubernetes;

/// <summary>Fresh store credentials from a cryptographic RNG.</summary>
internal static class CredentialGenerator
{
    /// <summary>Letters and digits only: safe in URLs, shells, YAML, SQL and WordPress forms.</summary>
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>32 alphanumerics are about 190 bits.</summary>
    public const int PasswordLength = 32;

    /// <summary>WordPress application passwords are 24 alphanumerics (shown in groups of four; spaces are ignored).</summary>
    public const int ApplicationPasswordLength = 24;

    public static IReadOnlyDictionary<string, string> NewCredentials(string namespaceName) => new Dictionary<string, string>
    {
        [CredentialKeys.AdminUser] = CredentialKeys.AdminUserName,
        [CredentialKeys.AdminEmail] = AdminEmail(namespaceName),
        [CredentialKeys.AdminPassword] = Password(),
        [CredentialKeys.DatabasePassword] = Password(),
        [CredentialKeys.DatabaseRootPassword] = Password(),
        [CredentialKeys.ApplicationPassword] = RandomNumberGenerator.GetString(Alphanumerics, ApplicationPasswordLength),
        [CredentialKeys.JwtSecret] = Password(),
        [CredentialKeys.CookieSecret] = Password(),
    };

    /// <summary>An address in the reserved <c>.invalid</c> domain: valid for WordPress, never delivered.</summary>
    public static string AdminEmail(string namespaceName) => $"admin@{namespaceName}.invalid";

    /// <summary>A password with at least one upper-case letter, lower-case letter and digit (some policies insist).</summary>
    public static string Password()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(Alphanumerics, PasswordLength);
            if (candidate.Any(char.IsAsciiLetterUpper) && candidate.Any(char.IsAsciiLetterLower) && candidate.Any(char.IsAsciiDigit))
            {
                return candidate;
            }
        }
    }
}
