using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Feeds;

/// <summary>
/// Writes events as iCalendar (RFC 5545) with Ical.Net: a stable UID per event, SEQUENCE raised on every change,
/// STATUS:CANCELLED once cancelled, times in the organiser's zone with its VTIMEZONE, so calendar clients update and
/// cancel what they already show instead of adding copies.
/// </summary>
/// <remarks>
/// Streamed one event at a time: Ical.Net holds about 9 KB of objects per event, so a feed of 1,000 events built whole
/// kept some 9 MB of objects and a 1.5 MB string per request, and the `large` benchmark's 32 feed readers at once took
/// the host from 359 to 897 MB (docs/performance.md). Each event serialises alone to the same text it has inside a
/// whole calendar, so the output is unchanged.
/// </remarks>
internal static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";

    private const string CalendarEnd = "END:VCALENDAR\r\n";

    /// <summary>What a calendar holds: its name, its events with their group's slug (for the link), and whose meeting link the reader may see.</summary>
    /// <param name="MeetingLinkFor">Events whose meeting link the reader may see (they hold a seat or organise).</param>
    internal sealed record Calendar(string Name, IReadOnlyList<(GroupEvent Event, string GroupSlug)> Events, ISet<Guid> MeetingLinkFor, SiteOptions Site);

    public static string UidOf(Guid eventId) => $"{eventId:N}@ocop";

    /// <summary>The calendar as the response, written as it is serialised.</summary>
    public static PushStreamHttpResult Result(Calendar calendar) =>
        TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
            await WriteAsync(writer, calendar);
            await writer.FlushAsync();
        }, ContentType);

    public static async Task WriteAsync(TextWriter writer, Calendar calendar)
    {
        var serializer = new CalendarSerializer();
        // The calendar's own lines and its time zones, then each event, then the end: what a whole calendar serialises to.
        var head = new Ical.Net.Calendar { Method = "PUBLISH" };
        head.AddProperty("X-WR-CALNAME", calendar.Name);
        foreach (var zone in calendar.Events.Select(e => e.Event.TimeZone).Distinct())
        {
            head.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
        }

        var opening = serializer.SerializeToString(head)!;
        if (!opening.EndsWith(CalendarEnd, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Ical.Net no longer ends a calendar with END:VCALENDAR and a line break.");
        }

        await writer.WriteAsync(opening.AsMemory(0, opening.Length - CalendarEnd.Length));
        foreach (var (groupEvent, slug) in calendar.Events)
        {
            await writer.WriteAsync(serializer.SerializeToString(EventOf(groupEvent, slug, calendar)));
        }

        await writer.WriteAsync(CalendarEnd);
    }

    private static CalendarEvent EventOf(GroupEvent groupEvent, string slug, Calendar calendar)
    {
        var link = calendar.MeetingLinkFor.Contains(groupEvent.Id) ? groupEvent.MeetingLink : null;
        return new CalendarEvent
        {
            Uid = UidOf(groupEvent.Id),
            Summary = groupEvent.Title,
            Description = link is null ? groupEvent.Description : $"{groupEvent.Description}\n\nJoin: {link}".Trim(),
            DtStart = new CalDateTime(groupEvent.StartLocal, groupEvent.TimeZone),
            DtEnd = new CalDateTime(groupEvent.EndLocal, groupEvent.TimeZone),
            DtStamp = new CalDateTime(groupEvent.UpdatedAt.UtcDateTime, "UTC"),
            Sequence = groupEvent.Sequence,
            Status = groupEvent.Cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
            Location = groupEvent.Place ?? link,
            Url = new Uri(calendar.Site.Link(groupEvent.PathIn(slug))),
        };
    }
}
