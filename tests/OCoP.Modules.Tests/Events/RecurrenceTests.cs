using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Series;

namespace OCoP.Modules.Tests.Events;

public sealed class RecurrenceTests
{
    [Fact]
    public void Every_two_weeks_until_a_date_includes_that_date()
    {
        var starts = Recurrence.Expand(new DateTime(2027, 1, 5, 18, 0, 0), new RecurrenceRule(RecurrenceFrequency.Weekly, 2, new DateOnly(2027, 2, 2), null))!;
        starts.ShouldBe([new DateTime(2027, 1, 5, 18, 0, 0), new DateTime(2027, 1, 19, 18, 0, 0), new DateTime(2027, 2, 2, 18, 0, 0)]);
    }

    [Fact]
    public void Monthly_on_the_second_tuesday_keeps_the_weekday_and_its_ordinal()
    {
        var starts = Recurrence.Expand(new DateTime(2027, 1, 12, 9, 30, 0), new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, 1, null, 3))!;
        starts.ShouldBe([new DateTime(2027, 1, 12, 9, 30, 0), new DateTime(2027, 2, 9, 9, 30, 0), new DateTime(2027, 3, 9, 9, 30, 0)]);
    }

    [Fact]
    public void A_fifth_weekday_means_the_last_one_of_each_month()
    {
        var starts = Recurrence.Expand(new DateTime(2027, 3, 31, 18, 0, 0), new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, 1, null, 2))!;
        starts[1].ShouldBe(new DateTime(2027, 4, 28, 18, 0, 0));
    }

    [Fact]
    public void More_than_five_hundred_occurrences_are_refused()
    {
        Recurrence.Expand(new DateTime(2027, 1, 1, 18, 0, 0), new RecurrenceRule(RecurrenceFrequency.Weekly, 1, new DateOnly(2040, 1, 1), null)).ShouldBeNull();
        Recurrence.Expand(new DateTime(2027, 1, 1, 18, 0, 0), new RecurrenceRule(RecurrenceFrequency.Weekly, 1, null, 500))!.Count.ShouldBe(500);
    }

    [Fact]
    public void Eighteen_hundred_in_Berlin_is_seventeen_UTC_in_winter_and_sixteen_in_summer()
    {
        var berlin = EventTimes.Find("Europe/Berlin");
        EventTimes.ToInstant(new DateTime(2027, 3, 21, 18, 0, 0), berlin).ShouldBe(new DateTimeOffset(2027, 3, 21, 17, 0, 0, TimeSpan.Zero));
        EventTimes.ToInstant(new DateTime(2027, 3, 28, 18, 0, 0), berlin).ShouldBe(new DateTimeOffset(2027, 3, 28, 16, 0, 0, TimeSpan.Zero));
        EventTimes.IsSkipped(new DateTime(2027, 3, 28, 2, 30, 0), berlin).ShouldBeTrue();
        EventTimes.TryFind("Mars/Olympus_Mons", out _).ShouldBeFalse();
    }
}
