namespace OCoP.Modules.Events.Series;

/// <summary>
/// Expands a rule into wall-clock start times in the organiser's zone. Pure: the instants are computed afterwards, each
/// in its own offset, so 18:00 stays 18:00 when the clocks change (docs/adr/0021).
/// </summary>
internal static class Recurrence
{
    public const int MaxOccurrences = 500;

    /// <summary>The starts, the first being <paramref name="first"/>; null when the rule yields more than <see cref="MaxOccurrences"/>.</summary>
    public static IReadOnlyList<DateTime>? Expand(DateTime first, RecurrenceRule rule)
    {
        var starts = new List<DateTime>();
        var limit = rule.Count ?? int.MaxValue;
        var until = rule.Until is { } date ? date.ToDateTime(TimeOnly.MaxValue) : DateTime.MaxValue;
        for (var step = 0; starts.Count < limit; step++)
        {
            var next = At(first, rule, step);
            if (next > until)
            {
                break;
            }

            if (starts.Count == MaxOccurrences)
            {
                return null;
            }

            starts.Add(next);
        }

        return starts;
    }

    private static DateTime At(DateTime first, RecurrenceRule rule, int step) => rule.Frequency switch
    {
        RecurrenceFrequency.Weekly => first.AddDays(7 * rule.Interval * step),
        _ => NthWeekday(first, first.AddMonths(rule.Interval * step)),
    };

    /// <summary>In <paramref name="month"/>'s month, the same weekday and ordinal as <paramref name="first"/> (a 5th weekday means the last).</summary>
    private static DateTime NthWeekday(DateTime first, DateTime month)
    {
        var ordinal = (first.Day - 1) / 7 + 1;
        var time = first.TimeOfDay;
        if (ordinal == 5)
        {
            var last = new DateTime(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            while (last.DayOfWeek != first.DayOfWeek)
            {
                last = last.AddDays(-1);
            }

            return last + time;
        }

        var day = new DateTime(month.Year, month.Month, 1);
        while (day.DayOfWeek != first.DayOfWeek)
        {
            day = day.AddDays(1);
        }

        return day.AddDays(7 * (ordinal - 1)) + time;
    }
}
