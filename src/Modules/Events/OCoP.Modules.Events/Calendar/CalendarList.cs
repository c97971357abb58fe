using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Events.Calendar;

/// <summary>One line of a calendar.</summary>
internal sealed record EventSummary(
    Guid Id,
    Guid GroupId,
    string GroupSlug,
    string GroupName,
    Guid? SeriesId,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    DateTimeOffset ViewerStart,
    DateTimeOffset ViewerEnd,
    AttendanceMode Mode,
    int? Capacity,
    int Going,
    int Waiting,
    bool Cancelled,
    string Path);

/// <summary>
/// Calendars: a group's, the site-wide one (only groups the caller may read, by the shared rule) and the caller's own
/// (what they answered going or maybe). As an agenda (from a time on) or a month in the viewer's zone; keyset-paged by
/// start, a constant number of queries whatever the page.
/// </summary>
internal static class CalendarList
{
    public static readonly string[] Views = ["agenda", "month"];

    internal sealed record Query(Guid? GroupId, bool Mine, string? View, string? Month, DateTimeOffset? From, string? TimeZone, string? Cursor, int? Limit)
        : IRequest<CursorPage<EventSummary>>;

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, CursorPage<EventSummary>>
    {
        public async Task<CursorPage<EventSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            IReadOnlyDictionary<Guid, GroupFacts> groups;
            string fallbackZone = "UTC";
            if (query.GroupId is { } groupId)
            {
                var viewer = (await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
                groups = new Dictionary<Guid, GroupFacts> { [groupId] = new() { Id = groupId, Slug = viewer.Slug, Name = viewer.Name } };
            }
            else
            {
                groups = await ReadableGroupsAsync(session, me.IsAuthenticated ? me.Id : null, cancellationToken);
            }

            var zone = await EventAccess.ViewerZoneAsync(session, me, query.TimeZone, fallbackZone, cancellationToken);
            var (from, to) = Range(query, zone, clock.GetUtcNow());
            var limit = Cursor.Limit(query.Limit);
            var after = GroupEvent.KeyFor(from, Guid.Empty);
            if (query.Cursor is not null)
            {
                after = Cursor.TryDecode(query.Cursor, out var key, out _) ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
            }

            var before = to is { } end ? GroupEvent.KeyFor(end, Guid.Empty) : "9";
            var groupIds = groups.Keys.ToArray();
            List<GroupEvent> fetched;
            if (query.Mine)
            {
                var memberId = me.Id;
                var answered = await session.Query<Rsvp>()
                    .Where(r => r.MemberId == memberId && r.Answer != RsvpAnswer.NotGoing && r.StartKey.CompareTo(after) > 0 && r.StartKey.CompareTo(before) < 0)
                    .OrderBy(r => r.StartKey).Take(limit + 1).Select(r => r.EventId).ToListAsync(cancellationToken);
                fetched = [.. (await session.LoadManyAsync<GroupEvent>(cancellationToken, answered.ToArray())).Where(e => groups.ContainsKey(e.GroupId))
                    .OrderBy(e => e.StartKey)];
            }
            else
            {
                fetched = [.. await session.Query<GroupEvent>()
                    .Where(e => e.GroupId.IsOneOf(groupIds) && e.StartKey.CompareTo(after) > 0 && e.StartKey.CompareTo(before) < 0)
                    .OrderBy(e => e.StartKey).Take(limit + 1).ToListAsync(cancellationToken)];
            }

            var page = Cursor.Page(fetched, limit, e => (e.StartKey, e.Id));
            return new CursorPage<EventSummary>([.. page.Items.Select(e => Summary(e, groups[e.GroupId], zone))], page.NextCursor);
        }
    }

    /// <summary>The groups whose events the caller may read: public ones and their own (two queries).</summary>
    internal static async Task<IReadOnlyDictionary<Guid, GroupFacts>> ReadableGroupsAsync(IQuerySession session, Guid? memberId, CancellationToken cancellationToken)
    {
        var mine = await GroupReaders.GroupsOfAsync(session, memberId, cancellationToken);
        var ids = mine.ToArray();
        var candidates = await session.Query<GroupFacts>().Where(g => g.Visibility == GroupVisibility.Public || g.Id.IsOneOf(ids)).ToListAsync(cancellationToken);
        return candidates.Where(g => g.IsKnown && GroupReaders.CanRead(g, mine)).ToDictionary(g => g.Id);
    }

    internal static EventSummary Summary(GroupEvent e, GroupFacts group, TimeZoneInfo zone) =>
        new(e.Id, e.GroupId, group.Slug, group.Name, e.SeriesId, e.Title, e.StartsAt, e.EndsAt, e.TimeZone, EventTimes.InZone(e.StartsAt, zone),
            EventTimes.InZone(e.EndsAt, zone), e.Mode, e.Capacity, e.GoingCount, e.WaitingCount, e.Cancelled, e.PathIn(group.Slug));

    private static (DateTimeOffset From, DateTimeOffset? To) Range(Query query, TimeZoneInfo zone, DateTimeOffset now)
    {
        switch (query.View ?? "agenda")
        {
            case "agenda":
                return (query.From ?? now, null);
            case "month":
                var month = query.Month ?? EventTimes.InZone(now, zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
                return EventTimes.TryMonth(month, zone, out var from, out var to)
                    ? (from, to)
                    : throw ProblemException.Invalid("month", "Give the month as yyyy-MM.");
            default:
                throw ProblemException.Invalid("view", "This is not a valid value for view.");
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/events/groups/{groupId:guid}/events", async (Guid groupId, string? view, string? month, DateTimeOffset? from, string? timeZone,
                    string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(groupId, false, view, month, from, timeZone, cursor, limit), cancellationToken)))
                .WithSummary("A group's calendar: view=agenda (from a time on, default now) or view=month (month=yyyy-MM in the viewer's zone).")
                .WithAllowedValues("view", Views);
            app.MapGet("/api/events/calendar", async (string? view, string? month, DateTimeOffset? from, string? timeZone, string? cursor, int? limit,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(null, false, view, month, from, timeZone, cursor, limit), cancellationToken)))
                .WithSummary("The site-wide calendar: events of every group the caller may read.")
                .WithAllowedValues("view", Views);
            app.MapGet("/api/events/my-events", async (string? view, string? month, DateTimeOffset? from, string? timeZone, string? cursor, int? limit,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(null, true, view, month, from, timeZone, cursor, limit), cancellationToken)))
                .WithSummary("The caller's calendar: events they answered going (or waiting) or maybe.")
                .WithAllowedValues("view", Views)
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
