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
}
