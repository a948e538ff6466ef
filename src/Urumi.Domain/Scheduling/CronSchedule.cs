using NCrontab;

namespace Urumi.Domain.Scheduling;

/// <summary>
/// A six-field NCRONTAB expression (<c>second minute hour day month day-of-week</c>), read by NCrontab,
/// the parser the Azure Functions timer trigger itself uses, so both hosts read
/// <c>Urumi:Cleanup:Schedule</c> the same way. Times are UTC.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>How far <see cref="Next"/> looks before it says there is no occurrence (e.g. 31 February).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(5 * 366);

    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private readonly CrontabSchedule schedule;

    private CronSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        this.schedule = schedule;
    }

    public string Expression { get; }

    public override string ToString() => Expression;

    /// <summary>Parses <paramref name="expression"/> or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(string? expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule, out string error)
    {
        var text = expression ?? string.Empty;
        (schedule, error) = CrontabSchedule.TryParse(
            text,
            SixFields,
            parsed => (new CronSchedule(text, parsed), string.Empty),
            problem => ((CronSchedule?)null,
                $"'{text}' is not a six-field NCRONTAB expression ('second minute hour day month day-of-week', e.g. '0 5 * * * *'): {problem().Message}"));
        return schedule is not null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), or null when there is none within five years.</summary>
    public DateTime? Next(DateTime after)
    {
        var end = after + Horizon;
        var next = schedule.GetNextOccurrence(after, end);
        return next < end ? DateTime.SpecifyKind(next, DateTimeKind.Utc) : null;
    }
}
