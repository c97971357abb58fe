using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;

namespace OCoP.Modules.Events.Feeds;

/// <summary>
/// Writes events as iCalendar (RFC 5545) with Ical.Net: a stable UID per event, SEQUENCE raised on every change,
/// STATUS:CANCELLED once cancelled, times in the organiser's zone with its VTIMEZONE, so calendar clients update and
/// cancel what they already show instead of adding copies.
/// </summary>
internal static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string UidOf(Guid eventId) => $"{eventId:N}@ocop";

    /// <param name="meetingLinkFor">Events whose meeting link the feed's reader may see (they hold a seat or organise).</param>
    public static string Write(string name, IEnumerable<(GroupEvent Event, string GroupSlug)> events, SiteOptions site, ISet<Guid> meetingLinkFor)
    {
        var calendar = new Ical.Net.Calendar { Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        var zones = new HashSet<string>();
        foreach (var (groupEvent, slug) in events)
        {
            if (zones.Add(groupEvent.TimeZone))
            {
                calendar.AddTimeZone(VTimeZone.FromDateTimeZone(groupEvent.TimeZone));
            }

            var link = meetingLinkFor.Contains(groupEvent.Id) ? groupEvent.MeetingLink : null;
            var item = new CalendarEvent
            {
                Uid = UidOf(groupEvent.Id),
                Summary = groupEvent.Title,
                Description = link is null ? groupEvent.Description : $"{groupEvent.Description}\n\nJoin: {link}".Trim(),
                DtStart = new CalDateTime(groupEvent.StartLocal, groupEvent.TimeZone),
                DtEnd = new CalDateTime(groupEvent.EndLocal, groupEvent.TimeZone),
                DtStamp = new CalDateTime(groupEvent.UpdatedAt.UtcDateTime, "UTC"),
                Sequence = groupEvent.Sequence,
                Status = groupEvent.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Location = groupEvent.Place ?? link,
                Url = new Uri(site.Link(groupEvent.PathIn(slug))),
            };
            calendar.Events.Add(item);
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
