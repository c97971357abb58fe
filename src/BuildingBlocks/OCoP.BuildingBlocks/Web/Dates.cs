using System.Globalization;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// The one way dates are written on the pages (issue 19, item 9): relative while recent ("5 minutes ago", "yesterday"),
/// a plain date after a week, and always the full date and time, in the reader's time zone, on hover.
/// </summary>
public static class Dates
{
    public static string Relative(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var ago = now - at;
        if (ago < TimeSpan.Zero)
        {
            return Absolute(at, zone, withTime: false); // in the future: a date, not "in 3 days"
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return ago.TotalSeconds switch
        {
            < 60 => "just now",
            < 120 => "a minute ago",
            < 3600 => $"{(int)ago.TotalMinutes} minutes ago",
            < 7200 => "an hour ago",
            < 86400 when local.Date == today => $"{(int)ago.TotalHours} hours ago",
            _ when local.Date == today.AddDays(-1) => "yesterday",
            _ when ago.TotalDays < 7 => $"{Math.Max(2, (today - local.Date).Days)} days ago",
            _ => Absolute(at, zone, withTime: false),
        };
    }

    /// <summary>"3 March 2026, 14:05 (Europe/Paris)", or just "3 March 2026".</summary>
    public static string Absolute(DateTimeOffset at, TimeZoneInfo zone, bool withTime = true)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var date = local.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        return withTime ? $"{date}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})" : date;
    }

    /// <summary>The zone named by a member's profile, or UTC when it is unknown here.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
