using System.Globalization;

namespace OCoP.Modules.Events.Calendar;

/// <summary>Wall-clock times in IANA zones (docs/adr/0021): the organiser's zone decides the instant, the viewer's the display.</summary>
internal static class EventTimes
{
    /// <summary>The zone for an IANA id; false for anything else (including Windows ids and offsets).</summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId)
        {
            return false;
        }

        zone = found;
        return true;
    }

    public static TimeZoneInfo Find(string id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>
    /// The instant a wall-clock time names in a zone. A time skipped by a daylight-saving change (02:30 on a spring-forward
    /// night) does not exist: it moves forward by the gap, as calendar clients do. An ambiguous one takes the first.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    /// <summary>An instant as the wall clock of a zone shows it, with its offset.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static bool IsSkipped(DateTime local, TimeZoneInfo zone) => zone.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));

    /// <summary>A month in a zone, <c>yyyy-MM</c>, as the instants it spans; false when the text is not a month.</summary>
    public static bool TryMonth(string? month, TimeZoneInfo zone, out DateTimeOffset from, out DateTimeOffset to)
    {
        from = to = default;
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year < 2000 || first.Year > 2200)
        {
            return false;
        }

        from = ToInstant(first, zone);
        to = ToInstant(first.AddMonths(1), zone);
        return true;
    }
}
