using OCoP.Modules.Engagement.Email;

namespace OCoP.Modules.Tests.Engagement;

/// <summary>
/// <see cref="DigestPlan.NextDue"/> around daylight-saving changes: a digest comes once per local day, at the chosen
/// local time; on the day that time does not exist (clocks go forward) an hour later; on the day it exists twice
/// (clocks go back) once, at its second occurrence (standard time).
/// </summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_daily_digest_keeps_its_local_time_across_the_spring_change_so_the_day_between_is_23_hours()
    {
        // Paris moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00.
        var saturday = Next(Paris, "08:00", Utc(2026, 3, 27, 12, 0));
        var sunday = Next(Paris, "08:00", saturday.At);

        saturday.ShouldBe((Utc(2026, 3, 28, 7, 0), new DateOnly(2026, 3, 28)));
        sunday.ShouldBe((Utc(2026, 3, 29, 6, 0), new DateOnly(2026, 3, 29)));
        (sunday.At - saturday.At).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void A_daily_digest_keeps_its_local_time_across_the_autumn_change_so_the_day_between_is_25_hours()
    {
        // Paris moves from UTC+2 back to UTC+1 on Sunday 25 October 2026 at 03:00.
        var saturday = Next(Paris, "08:00", Utc(2026, 10, 23, 12, 0));
        var sunday = Next(Paris, "08:00", saturday.At);

        saturday.ShouldBe((Utc(2026, 10, 24, 6, 0), new DateOnly(2026, 10, 24)));
        sunday.ShouldBe((Utc(2026, 10, 25, 7, 0), new DateOnly(2026, 10, 25)));
        (sunday.At - saturday.At).ShouldBe(TimeSpan.FromHours(25));
    }

    [Theory]
    [InlineData("Europe/Paris", "02:30", 2026, 3, 29, "2026-03-29T01:30:00Z")] // 02:30 CET does not exist: 03:30 CEST
    [InlineData("America/New_York", "02:15", 2026, 3, 8, "2026-03-08T07:15:00Z")] // 02:15 EST does not exist: 03:15 EDT
    public void A_digest_time_skipped_by_the_clocks_going_forward_comes_an_hour_later_that_day(string zone, string time, int year, int month,
        int day, string expected)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var dayBefore = new DateOnly(year, month, day).AddDays(-1).ToDateTime(new TimeOnly(12, 0));
        var due = Next(tz, time, new DateTimeOffset(dayBefore, tz.GetUtcOffset(dayBefore)));

        due.ShouldBe((DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(year, month, day)));
        TimeZoneInfo.ConvertTime(due.At, tz).TimeOfDay.ShouldBe(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture).ToTimeSpan() + TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("Europe/Paris", "02:30", 2026, 10, 25, "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")]
    [InlineData("America/New_York", "01:30", 2026, 11, 1, "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")]
    public void A_digest_time_that_happens_twice_when_the_clocks_go_back_is_due_once_at_its_second_occurrence(string zone, string time,
        int year, int month, int day, string first, string second)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var firstOccurrence = DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        var secondOccurrence = DateTimeOffset.Parse(second, System.Globalization.CultureInfo.InvariantCulture);
        TimeZoneInfo.ConvertTime(firstOccurrence, tz).TimeOfDay.ShouldBe(TimeZoneInfo.ConvertTime(secondOccurrence, tz).TimeOfDay);

        // From the day before, from just before the first occurrence and from between the two: the second, that day.
        var date = new DateOnly(year, month, day);
        foreach (var after in new[] { firstOccurrence.AddHours(-20), firstOccurrence.AddMinutes(-1), firstOccurrence.AddMinutes(1) })
        {
            Next(tz, time, after).ShouldBe((secondOccurrence, date));
        }

        // And once it was sent, the next one is the next day's: never twice in one local day.
        Next(tz, time, secondOccurrence).LocalDate.ShouldBe(date.AddDays(1));
    }

    [Fact]
    public void A_weekly_digest_on_the_sunday_the_clocks_go_forward_comes_that_sunday_an_hour_later_and_then_a_week_later()
    {
        // New York moves from UTC-5 to UTC-4 on Sunday 8 March 2026 at 02:00.
        var preferences = new EmailPreferences { DigestTime = new TimeOnly(2, 30), WeeklyDay = DayOfWeek.Sunday };

        var due = DigestPlan.NextDue(EmailFrequency.WeeklyDigest, preferences, NewYork, Utc(2026, 3, 4, 12, 0));
        var after = DigestPlan.NextDue(EmailFrequency.WeeklyDigest, preferences, NewYork, due.At);

        due.ShouldBe((Utc(2026, 3, 8, 7, 30), new DateOnly(2026, 3, 8)));
        after.ShouldBe((Utc(2026, 3, 15, 6, 30), new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public void Every_local_day_of_a_year_with_both_changes_gets_exactly_one_daily_digest()
    {
        foreach (var zone in new[] { Paris, NewYork })
        {
            foreach (var time in new[] { "00:00", "01:30", "02:30", "08:00", "23:59" })
            {
                var at = Utc(2026, 1, 1, 0, 0);
                var dates = new List<DateOnly>();
                while (at < Utc(2027, 1, 1, 0, 0))
                {
                    var (next, date) = Next(zone, time, at);
                    next.ShouldBeGreaterThan(at);
                    dates.Add(date);
                    at = next;
                }

                dates.ShouldBe(dates.Distinct().ToList(), $"{zone.Id} {time}: one digest per local day");
                for (var i = 1; i < dates.Count; i++)
                {
                    dates[i].ShouldBe(dates[i - 1].AddDays(1), $"{zone.Id} {time}: no local day skipped");
                }
            }
        }
    }

    private static (DateTimeOffset At, DateOnly LocalDate) Next(TimeZoneInfo zone, string time, DateTimeOffset after) =>
        DigestPlan.NextDue(EmailFrequency.DailyDigest,
            new EmailPreferences { DigestTime = TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture) }, zone, after);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
