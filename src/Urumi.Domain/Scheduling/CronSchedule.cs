using System.Globalization;

namespace Urumi.Domain.Scheduling;

/// <summary>
/// A six-field NCRONTAB expression (<c>second minute hour day month day-of-week</c>), the format of the
/// Azure Functions timer trigger, so both hosts read <c>Urumi:Cleanup:Schedule</c> the same way.
/// Each field takes <c>*</c>, numbers, ranges <c>a-b</c>, steps <c>*/n</c>, <c>a-b/n</c> or <c>a/n</c>,
/// and comma lists; months and days of the week also take three-letter English names. Day of week
/// is 0-6 from Sunday (7 is Sunday too). As in NCrontab, a time must match the day-of-month AND the
/// day-of-week field. Times are UTC.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] seconds;
    private readonly bool[] minutes;
    private readonly bool[] hours;
    private readonly bool[] days;
    private readonly bool[] months;
    private readonly bool[] daysOfWeek;

    private CronSchedule(string expression, bool[][] fields)
    {
        Expression = expression;
        (seconds, minutes, hours, days, months, daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public string Expression { get; }

    public override string ToString() => Expression;

    /// <summary>Parses <paramref name="expression"/> or throws <see cref="FormatException"/> naming the bad field.</summary>
    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(string? expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule, out string error)
    {
        schedule = null;
        var parts = (expression ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            error = $"'{expression}' is not a six-field NCRONTAB expression ('second minute hour day month day-of-week', e.g. '0 5 * * * *').";
            return false;
        }

        var specs = new (string Name, int Min, int Max, string[]? Names)[]
        {
            ("second", 0, 59, null), ("minute", 0, 59, null), ("hour", 0, 23, null),
            ("day", 1, 31, null), ("month", 1, 12, MonthNames), ("day-of-week", 0, 7, DayNames),
        };
        var fields = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            if (!TryParseField(parts[i], specs[i].Min, specs[i].Max, specs[i].Names, out fields[i], out var why))
            {
                error = $"'{expression}': the {specs[i].Name} field '{parts[i]}' {why}";
                return false;
            }
        }

        // 7 is Sunday as well.
        if (fields[5][7])
        {
            fields[5][0] = true;
        }

        schedule = new CronSchedule(string.Join(' ', parts), fields);
        error = string.Empty;
        return true;
    }

    /// <summary>The first matching UTC time strictly after <paramref name="after"/>, or null when none falls within five years.</summary>
    public DateTime? Next(DateTime after)
    {
        var utc = after.Kind == DateTimeKind.Local ? after.ToUniversalTime() : after;
        var start = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        var limit = start.Date.AddYears(5);
        for (var day = start.Date; day < limit; day = day.AddDays(1))
        {
            if (!months[day.Month] || !days[day.Day] || !daysOfWeek[(int)day.DayOfWeek])
            {
                continue;
            }

            var from = day == start.Date ? start.TimeOfDay : TimeSpan.Zero;
            for (var h = from.Hours; h < 24; h++)
            {
                if (!hours[h])
                {
                    continue;
                }

                for (var m = h == from.Hours ? from.Minutes : 0; m < 60; m++)
                {
                    if (!minutes[m])
                    {
                        continue;
                    }

                    for (var s = h == from.Hours && m == from.Minutes ? from.Seconds : 0; s < 60; s++)
                    {
                        if (seconds[s])
                        {
                            return DateTime.SpecifyKind(day.AddHours(h).AddMinutes(m).AddSeconds(s), DateTimeKind.Utc);
                        }
                    }
                }
            }
        }

        return null;
    }

    private static bool TryParseField(string text, int min, int max, string[]? names, out bool[] allowed, out string error)
    {
        allowed = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            var step = 1;
            if (slash >= 0 && (!int.TryParse(item.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
            {
                error = "has a step that is not a positive number.";
                return false;
            }

            int low, high;
            if (range == "*")
            {
                (low, high) = (min, max == 7 ? 6 : max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (!TryValue(dash < 0 ? range : range[..dash], min, max, names, out low)
                    || !TryValue(dash < 0 ? range : range[(dash + 1)..], min, max, names, out high))
                {
                    error = $"is not a value from {min} to {max}, a range, a list or '*'.";
                    return false;
                }

                if (dash < 0 && slash >= 0)
                {
                    high = max == 7 ? 6 : max;
                }

                if (high < low)
                {
                    error = $"has a range that ends before it starts.";
                    return false;
                }
            }

            for (var v = low; v <= high; v += step)
            {
                allowed[v] = true;
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool TryValue(string text, int min, int max, string[]? names, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return value >= min && value <= max;
        }

        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = index < 0 ? 0 : index + min;
        return index >= 0;
    }
}
