using System.ComponentModel.DataAnnotations;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

/// <summary>Request rules and workflow limits; section <c>Urumi:Stores</c>.</summary>
public sealed class StoreApiOptions : IValidatableObject
{
    public const string SectionName = "Urumi:Stores";

    /// <summary>Stores are served at <c>{name}.{BaseDomain}</c>.</summary>
    [Required, RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", ErrorMessage = "BaseDomain must be a lowercase DNS name such as 'localhost' or 'shops.example.com'.")]
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>
    /// Template of the store URL people open, <c>{host}</c> standing for <c>{name}.{BaseDomain}</c>;
    /// the admin URL is its <c>wp-admin/</c>. The API, the dashboard and the shop probe's reports use
    /// it. <c>./urumi up --simulate</c> puts the simulator's ingress port in it.
    /// </summary>
    [Required]
    public string PublicUrl { get; set; } = StoreNaming.DefaultPublicUrl;

    [Required]
    public string DefaultEngine { get; set; } = "woocommerce";

    [Required]
    public string DefaultPlan { get; set; } = "small";

    /// <summary>How many stores one owner may have at once (429 beyond).</summary>
    [Range(1, 10_000)]
    public int MaxStoresPerOwner { get; set; } = 20;

    /// <summary>Creates per minute per actor (429 with Retry-After beyond).</summary>
    [Range(1, 10_000)]
    public int CreatesPerMinute { get; set; } = 30;

    [Range(1, 500)]
    public int MaxBatchSize { get; set; } = 50;

    /// <summary>Stores a batch provisions at once.</summary>
    [Range(1, 100)]
    public int BatchParallelism { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan ProvisioningDeadline { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ReadinessSlice { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan HelmTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 100)]
    public int VerifyAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan VerifyFirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan DeletionDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The time limits of a provisioning, upgrade or rollback, from these options.</summary>
    public ProvisioningPolicy ProvisioningPolicy() =>
        new(ProvisioningDeadline, ReadinessSlice, HelmTimeout, VerifyAttempts, VerifyFirstRetry);

    /// <summary>Longest expiry a create may ask for.</summary>
    [Range(1, 24 * 366)]
    public int MaxExpiresInHours { get; set; } = 24 * 90;

    /// <summary>
    /// Table (in the audit storage account) holding one operation claim per store. Give each task hub
    /// sharing a storage account its own table, as for the audit table: a claim names an instance of
    /// its own hub, and another hub's claim of the same store name blocks it for the scheduling grace.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "ClaimsTable must be 3-63 letters and digits, starting with a letter.")]
    public string ClaimsTable { get; set; } = "UrumiClaims";

    /// <summary>The polling interval suggested in <c>Retry-After</c> while an operation runs.</summary>
    [Range(1, 60)]
    public int RetryAfterSeconds { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        const string Sample = "shop1.example.test";
        if (PublicUrl is null)
        {
            yield break;
        }

        if (!PublicUrl.Contains(StoreNaming.HostPlaceholder, StringComparison.Ordinal)
            || !Uri.TryCreate(PublicUrl.Replace(StoreNaming.HostPlaceholder, Sample, StringComparison.Ordinal), UriKind.Absolute, out var sample)
            || (sample.Scheme != Uri.UriSchemeHttp && sample.Scheme != Uri.UriSchemeHttps)
            || sample.Host != Sample || sample.Query.Length > 0 || sample.Fragment.Length > 0 || !sample.AbsolutePath.EndsWith('/'))
        {
            yield return new ValidationResult(
                $"Urumi:Stores:PublicUrl must be an http or https URL with {StoreNaming.HostPlaceholder} as its host name and a path ending in '/', such as 'http://{{host}}/' or 'http://{{host}}:8080/'; got '{PublicUrl}'.",
                [nameof(PublicUrl)]);
        }
    }
}
