using Urumi.Domain.Scheduling;

namespace Urumi.Domain.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static readonly DateTime Start = new(2026, 11, 26, 10, 7, 30, DateTimeKind.Utc); // a Thursday

    [Theory]
    [InlineData("0 5 * * * *", "2026-11-26T11:05:00")]
    [InlineData("0 */15 * * * *", "2026-11-26T10:15:00")]
    [InlineData("*/10 * * * * *", "2026-11-26T10:07:40")]
    [InlineData("0 0 3 * * *", "2026-11-27T03:00:00")]
    [InlineData("0 30 9 * * 1-5", "2026-11-27T09:30:00")]
    [InlineData("0 0 0 * * SUN", "2026-11-29T00:00:00")]
    [InlineData("0 0 0 1 JAN *", "2027-01-01T00:00:00")]
    [InlineData("0 0 12 1,15 * *", "2026-12-01T12:00:00")]
    public void Next_ValidExpression_ReturnsFirstMatchAfterStart(string expression, string expected)
    {
        var next = CronSchedule.Parse(expression).Next(Start);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Next_StartOnAMatch_ReturnsTheFollowingOne()
    {
        var next = CronSchedule.Parse("0 5 * * * *").Next(new DateTime(2026, 11, 26, 10, 5, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 11, 26, 11, 5, 0, DateTimeKind.Utc), next);
    }

    [Fact]
    public void Next_DayAndWeekdayBothRestricted_RequiresBoth()
    {
        // Friday the 13th, as NCrontab reads it.
        var next = CronSchedule.Parse("0 0 0 13 * FRI").Next(Start);

        Assert.Equal(new DateTime(2027, 8, 13, 0, 0, 0, DateTimeKind.Utc), next);
    }

    [Fact]
    public void Next_ImpossibleDate_ReturnsNull()
    {
        Assert.Null(CronSchedule.Parse("0 0 0 31 2 *").Next(Start));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 5 * * *")]
    [InlineData("0 5 * * * * *")]
    [InlineData("60 * * * * *")]
    [InlineData("0 0 24 * * *")]
    [InlineData("0 0 0 0 * *")]
    [InlineData("0 0 0 * FOO *")]
    [InlineData("0 0 0 * * 7")] // the Functions timer's NCrontab reads day of week as 0-6 only
    public void TryParse_InvalidExpression_FailsWithReason(string expression)
    {
        Assert.False(CronSchedule.TryParse(expression, out _, out var error));
        Assert.Contains("'", error, StringComparison.Ordinal);
    }
}
