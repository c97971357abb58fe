using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Attendance;

/// <summary>
/// Attendance per member in one group, over its past events (not cancelled): how often each member was there, and how
/// often they held a seat and did not come. For the group's event managers; a member asks for their own line.
/// </summary>
internal static class MemberAttendance
{
    internal sealed record Query(Guid GroupId, Guid? MemberId) : IRequest<Summary>;

    internal sealed record Line(Guid MemberId, string Name, int Attended, int RsvpdButAbsent);

    internal sealed record Summary(Guid GroupId, int PastEvents, IReadOnlyList<Line> Items);

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, Summary>
    {
        public async Task<Summary> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            if (query.MemberId != me.Id || !me.IsAuthenticated)
            {
                group.Require(GroupAction.ManageEvents);
            }

            var now = clock.GetUtcNow();
            var past = await session.Query<GroupEvent>().Where(e => e.GroupId == group.GroupId && e.EndsAt < now && !e.Cancelled).Select(e => e.Id)
                .ToListAsync(cancellationToken);
            var ids = past.ToArray();
            var seats = await session.Query<Rsvp>().Where(r => r.EventId.IsOneOf(ids) && r.Answer == RsvpAnswer.Going && !r.Waiting)
                .Where(r => query.MemberId == null || r.MemberId == query.MemberId).ToListAsync(cancellationToken);
            var present = await session.Query<AttendanceRecord>().Where(a => a.GroupId == group.GroupId && a.EventId.IsOneOf(ids))
                .Where(a => query.MemberId == null || a.MemberId == query.MemberId).ToListAsync(cancellationToken);
            var there = present.Select(a => (a.EventId, a.MemberId)).ToHashSet();
            var memberIds = seats.Select(s => s.MemberId).Union(present.Select(p => p.MemberId)).ToArray();
            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, memberIds)).ToDictionary(m => m.Id);
            var lines = memberIds.Select(id => new Line(id, names.GetValueOrDefault(id)?.Name ?? MemberNames.FormerMember, present.Count(p => p.MemberId == id),
                    seats.Count(s => s.MemberId == id && !there.Contains((s.EventId, id)))))
                .OrderByDescending(l => l.Attended).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
            return new Summary(group.GroupId, ids.Length, lines);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/groups/{groupId:guid}/attendance", async (Guid groupId, Guid? memberId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(groupId, memberId), cancellationToken)))
                .WithSummary("Attendance per member over the group's past events; event managers see everyone, a member their own line (memberId).")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
