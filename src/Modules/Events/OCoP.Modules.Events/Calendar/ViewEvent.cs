using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using Microsoft.Extensions.Options;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Calendar;

/// <summary>The caller's own answer to an event.</summary>
internal sealed record MyRsvp(RsvpAnswer Answer, bool Waiting, int? WaitingPlace);

/// <summary>
/// An event as one viewer sees it: the organiser's wall-clock times and zone, the instants, and the same in the viewer's
/// zone. The meeting link only for those holding a seat and the organisers.
/// </summary>
internal sealed record EventView(
    Guid Id,
    Guid GroupId,
    string GroupSlug,
    string GroupName,
    Guid? SeriesId,
    int? OccurrenceNumber,
    string Title,
    string Description,
    string DescriptionHtml,
    string TimeZone,
    DateTime Start,
    DateTime End,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string ViewerTimeZone,
    DateTimeOffset ViewerStart,
    DateTimeOffset ViewerEnd,
    AttendanceMode Mode,
    string? MeetingLink,
    string? Place,
    IReadOnlyList<Guid> HostIds,
    Guid? FacilitatorId,
    int? Capacity,
    int Going,
    int Waiting,
    DateTimeOffset? RsvpDeadline,
    bool Cancelled,
    int Sequence,
    MyRsvp? MyRsvp,
    bool CanManage,
    string Path,
    string? CheckInCode,
    bool CheckInOpen,
    bool Attended,
    IReadOnlyList<Agenda.AgendaItem> Agenda,
    IReadOnlyList<Materials.Material> Materials,
    string? PrimingQuestion,
    Reflection.ReflectionTopicView? ReflectionTopic,
    bool CanOpenReflectionTopic)
{
    /// <param name="checkInOpen">Whether members may check themselves in now (the caller knows the clock).</param>
    /// <param name="attended">Whether the caller was recorded as there.</param>
    /// <param name="now">The time, to say whether an organiser may open the reflection topic yet; null: not now.</param>
    public static EventView Of(GroupEvent e, GroupViewer group, Rsvp? mine, int? waitingPlace, TimeZoneInfo viewerZone, bool checkInOpen = false,
        bool attended = false, DateTimeOffset? now = null)
    {
        var canManage = EventAccess.IsOrganiser(group, e);
        var showLink = canManage || mine is { HasSeat: true };
        return new EventView(e.Id, e.GroupId, group.Slug, group.Name, e.SeriesId, e.OccurrenceNumber, e.Title, e.Description, e.DescriptionHtml, e.TimeZone,
            e.StartLocal, e.EndLocal, e.StartsAt, e.EndsAt, viewerZone.Id, EventTimes.InZone(e.StartsAt, viewerZone), EventTimes.InZone(e.EndsAt, viewerZone),
            e.Mode, showLink ? e.MeetingLink : null, e.Place, e.HostIds, e.FacilitatorId, e.Capacity, e.GoingCount, e.WaitingCount, e.RsvpDeadline, e.Cancelled,
            e.Sequence, mine is null ? null : new MyRsvp(mine.Answer, mine.Waiting, waitingPlace), canManage, e.PathIn(group.Slug),
            canManage && e.CheckInCode.Length > 0 ? e.CheckInCode : null, checkInOpen && !e.Cancelled, attended, e.Agenda, e.Materials,
            e.PrimingQuestion, Reflection.ReflectionTopicView.Of(e.ReflectionTopic, canManage),
            canManage && !group.IsReadOnly && now is { } at && Reflection.OpenReflectionTopic.RefusalOf(e, at) is null);
    }
}

internal static class ViewEvent
{
    internal sealed record Query(Guid EventId, string? TimeZone) : IRequest<EventView>;

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock, IOptions<EventsOptions> options)
        : IRequestHandler<Query, EventView>
    {
        public async Task<EventView> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            var zone = await EventAccess.ViewerZoneAsync(session, me, query.TimeZone, groupEvent.TimeZone, cancellationToken);
            var mine = me.IsAuthenticated ? await session.LoadAsync<Rsvp>(Rsvp.IdFor(groupEvent.Id, me.Id), cancellationToken) : null;
            var place = mine is { Waiting: true } ? await WaitingList.PlaceOfAsync(session, mine, cancellationToken) : null;
            var attended = me.IsAuthenticated && await session.LoadAsync<AttendanceRecord>(AttendanceRecord.IdFor(groupEvent.Id, me.Id), cancellationToken) is not null;
            var now = clock.GetUtcNow();
            var open = CheckInWindow.IsOpen(groupEvent, now, options.Value.CheckInOpensBefore);
            return EventView.Of(groupEvent, group, mine, place, zone, open, attended, now);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/events/{eventId:guid}", async (Guid eventId, string? timeZone, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(eventId, timeZone), cancellationToken)))
                .WithSummary("An event; times also in timeZone (an IANA zone), else in the member's own zone, else the organiser's.");
    }
}
