namespace OCoP.Modules.Events.Series;

/// <summary>How often a series repeats.</summary>
internal enum RecurrenceFrequency
{
    /// <summary>Every <c>interval</c> weeks on the start's weekday.</summary>
    Weekly,

    /// <summary>Every <c>interval</c> months on the nth weekday of the start (the 2nd Tuesday; the last when the start is a 5th one).</summary>
    MonthlyByWeekday,
}

/// <summary>A rule as the organiser gave it: until a date (inclusive, in the organiser's zone) or a count.</summary>
internal sealed record RecurrenceRule(RecurrenceFrequency Frequency, int Interval, DateOnly? Until, int? Count);

/// <summary>
/// A recurring series (docs/adr/0020): the rule, kept for display and iCalendar; its occurrences are <see cref="Calendar.GroupEvent"/>s
/// written when it is scheduled (at most <see cref="Recurrence.MaxOccurrences"/>), each answerable, editable and cancellable.
/// </summary>
internal sealed class EventSeries
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public RecurrenceRule Rule { get; set; } = new(RecurrenceFrequency.Weekly, 1, null, 1);
    public int Occurrences { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
