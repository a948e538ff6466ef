namespace Urumi.Domain.Stores;

/// <summary>
/// Keys of the per-store credentials Secret (<see cref="StoreNaming.CredentialsSecret"/>). The
/// orchestrator creates the Secret with generated values before install; the chart only reads it.
/// </summary>
public static class CredentialKeys
{
    public const string AdminUser = "admin-user";
    public const string AdminPassword = "admin-password";
    public const string AdminEmail = "admin-email";
    public const string DatabasePassword = "db-password";
    public const string DatabaseRootPassword = "db-root-password";

    /// <summary>
    /// A WordPress application password generated up front; the chart's setup registers it for the
    /// admin so the orchestrator can call the authenticated WooCommerce REST API.
    /// </summary>
    public const string ApplicationPassword = "wp-app-password";

    /// <summary>Medusa's JWT signing secret (charts/urumi-medusa); WooCommerce stores ignore it.</summary>
    public const string JwtSecret = "jwt-secret";

    /// <summary>Medusa's session cookie secret (charts/urumi-medusa); WooCommerce stores ignore it.</summary>
    public const string CookieSecret = "cookie-secret";

    public const string AdminUserName = "shopadmin";
}
