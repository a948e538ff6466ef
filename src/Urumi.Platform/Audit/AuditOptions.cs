using System.ComponentModel.DataAnnotations;

namespace Urumi.Platform.Audit;

/// <summary>Where the audit log lives. Bound from <c>Urumi:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Urumi:Audit";

    /// <summary>Name of the setting used when <see cref="ConnectionString"/> is empty (the task hub's storage account).</summary>
    public const string FallbackSetting = "AzureWebJobsStorage";

    /// <summary>Storage account connection string; empty means "use <c>AzureWebJobsStorage</c>".</summary>
    [Required(ErrorMessage = "The audit log has no storage connection string: set Urumi:Audit:ConnectionString or AzureWebJobsStorage (UseDevelopmentStorage=true for a local Azurite).")]
    public string? ConnectionString { get; set; }

    /// <summary>Azure table holding the audit rows; created on first use.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Urumi:Audit:TableName must be 3-63 letters or digits and start with a letter.")]
    public string TableName { get; set; } = "UrumiAudit";

    /// <summary>
    /// How long one request to the table service (audit rows, operation claims, the storage health
    /// check) may go unanswered before it is given up and retried. Storage that accepts connections but
    /// never answers then costs an API call at most (<see cref="MaxRetries"/> + 1) × this plus the
    /// retry back-off, and the API answers 503 with Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "Urumi:Audit:NetworkTimeout must be between 00:00:01 and 00:02:00.")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quick retries of a failed table request; after them the caller's own retry (the workflow's, the client's) takes over.</summary>
    [Range(0, 10, ErrorMessage = "Urumi:Audit:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 2;
}
