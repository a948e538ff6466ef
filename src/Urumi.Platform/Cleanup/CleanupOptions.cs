using System.ComponentModel.DataAnnotations;
using Urumi.Domain.Scheduling;
using Urumi.Domain.Workflows.Cleanup;

namespace Urumi.Platform.Cleanup;

/// <summary>The scheduled cleanup; section <c>Urumi:Cleanup</c>. Every setting and its default is listed in docs/operations.md.</summary>
public sealed class CleanupOptions : IValidatableObject
{
    public const string SectionName = "Urumi:Cleanup";

    /// <summary>The default schedule: five minutes past every hour.</summary>
    public const string DefaultSchedule = "0 5 * * * *";

    /// <summary>
    /// Six-field NCRONTAB (<c>second minute hour day month day-of-week</c>, UTC). Urumi.Server reads it
    /// here; the Functions timer binds the same setting as <c>%Urumi:Cleanup:Schedule%</c>.
    /// </summary>
    [Required]
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>False: scheduled ticks start nothing. <c>POST /api/cleanup</c> still runs on request.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>True: scheduled ticks only report what they would do (the API's <c>dryRun</c> overrides per request).</summary>
    public bool DryRun { get; set; }

    /// <summary>How long a Failed store is kept for diagnosis before it is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan FailedRetention { get; set; } = CleanupPolicy.Default.FailedRetention;

    /// <summary>Age a managed namespace without a Helm release (and no running operation) must reach before it is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = CleanupPolicy.Default.OrphanGracePeriod;

    /// <summary>How long a release must have been <c>pending-*</c> (with no running operation) before it is recovered.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StuckReleaseGracePeriod { get; set; } = CleanupPolicy.Default.StuckReleaseGracePeriod;

    /// <summary>How long a namespace must have been terminating before it is reported as stuck.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TerminatingGracePeriod { get; set; } = CleanupPolicy.Default.TerminatingGracePeriod;

    /// <summary>Finished orchestration instances created longer ago than this are purged.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = CleanupPolicy.Default.HistoryRetention;

    /// <summary>Audit entries older than this are removed.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = CleanupPolicy.Default.AuditRetention;

    /// <summary>DeleteStore sub-orchestrations a tick runs at once.</summary>
    [Range(1, 50)]
    public int MaxParallelDeletes { get; set; } = CleanupPolicy.Default.MaxParallelDeletes;

    public CronSchedule ParsedSchedule() => CronSchedule.Parse(Schedule);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronSchedule.TryParse(Schedule, out _, out var error))
        {
            yield return new ValidationResult($"Urumi:Cleanup:Schedule: {error}", [nameof(Schedule)]);
        }
    }
}
