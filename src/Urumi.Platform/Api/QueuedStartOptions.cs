using System.ComponentModel.DataAnnotations;
using Urumi.Platform.Storage;

namespace Urumi.Platform.Api;

/// <summary>
/// How Urumi.Server schedules the creates it answered before scheduling them; section
/// <c>Urumi:QueuedStarts</c>. The sweeper's period and age plus one schedule attempt stay inside the
/// claims' scheduling grace, so a pending start is leased again long before a new claimer could take
/// its store over.
/// </summary>
public sealed class QueuedStartOptions : IValidatableObject
{
    public const string SectionName = "Urumi:QueuedStarts";

    /// <summary>How often every replica looks for pending starts nobody scheduled (a replica died after its 202, or scheduling kept failing).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A pending start the sweeper takes: written or leased at least this long ago (the accepting replica normally schedules it within milliseconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:15")]
    public TimeSpan PendingAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One schedule attempt is abandoned after this long; shorter than <see cref="PendingAge"/>, so no sweeper leases a start while an attempt on it is still running.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10")]
    public TimeSpan ScheduleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts the accepting replica makes (with a growing pause) before it leaves a start to the sweeper.</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>Queued starts scheduled at once by one replica.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScheduleTimeout >= PendingAge)
        {
            yield return new ValidationResult(
                $"ScheduleTimeout ({ScheduleTimeout}) must be shorter than PendingAge ({PendingAge}): a sweeper would lease a start while an attempt on it still runs.",
                [nameof(ScheduleTimeout), nameof(PendingAge)]);
        }

        if (SweepPeriod + PendingAge + ScheduleTimeout >= TableOperationClaims.SchedulingGrace)
        {
            yield return new ValidationResult(
                $"SweepPeriod + PendingAge + ScheduleTimeout must stay under the claims' scheduling grace ({TableOperationClaims.SchedulingGrace}), or a new create could take over a store whose start is still pending.",
                [nameof(SweepPeriod), nameof(PendingAge), nameof(ScheduleTimeout)]);
        }
    }
}
