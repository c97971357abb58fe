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
/// An event's attendance for its organisers: everyone who answered or was there, who was present, and, once the event is
/// over, how many held a seat and did not come ("RSVP'd but absent").
/// </summary>
internal static class AttendanceReport
{
    internal sealed record Query(Guid EventId) : IRequest<Report>;

    internal sealed record Row(Guid MemberId, string Name, RsvpAnswer? Answer, bool Waiting, bool Present, DateTimeOffset? CheckedInAt, bool SelfCheckIn);

    /// <param name="RsvpdButAbsent">Seat holders who were not there; null until the event has ended.</param>
    internal sealed record Report(Guid EventId, string Title, string? CheckInCode, bool Ended, int Going, int Present, int? RsvpdButAbsent,
        IReadOnlyList<Row> Items);

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            if (!EventAccess.IsOrganiser(group, groupEvent))
            {
                group.RequireToChange(GroupAction.ManageEvents);
            }

            var answers = await session.Query<Rsvp>().Where(r => r.EventId == groupEvent.Id).ToListAsync(cancellationToken);
            var present = (await session.Query<AttendanceRecord>().Where(a => a.EventId == groupEvent.Id).ToListAsync(cancellationToken)).ToDictionary(a => a.MemberId);
            var memberIds = answers.Select(a => a.MemberId).Union(present.Keys).ToArray();
            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, memberIds)).ToDictionary(m => m.Id);
            var byMember = answers.ToDictionary(a => a.MemberId);
            var rows = memberIds.Select(id =>
                {
                    var answer = byMember.GetValueOrDefault(id);
                    var record = present.GetValueOrDefault(id);
                    return new Row(id, names.GetValueOrDefault(id)?.Name ?? MemberNames.FormerMember, answer?.Answer, answer?.Waiting ?? false, record is not null,
                        record?.CheckedInAt, record?.SelfCheckIn ?? false);
                })
                .OrderBy(r => r.Present ? 0 : r.Answer == RsvpAnswer.Going && !r.Waiting ? 1 : 2).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
                .ToList();
            var ended = clock.GetUtcNow() > groupEvent.EndsAt;
            var going = answers.Count(a => a.HasSeat);
            return new Report(groupEvent.Id, groupEvent.Title, groupEvent.CheckInCode.Length == 0 ? null : groupEvent.CheckInCode, ended, going, present.Count,
                ended ? answers.Count(a => a.HasSeat && !present.ContainsKey(a.MemberId)) : null, rows);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/events/events/{eventId:guid}/attendance", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(eventId), cancellationToken)))
                .WithSummary("Organisers: who answered and who was there, with the check-in code; after the end, seat holders who did not come.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/events/events/{eventId:guid}/attendance.csv", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Text(AttendanceCsv.Of(await mediator.Send(new Query(eventId), cancellationToken)), "text/csv; charset=utf-8"))
                .WithSummary("Organisers: the attendance sheet as CSV (cells a spreadsheet would run as formulas start with an apostrophe).")
                .Produces<string>(StatusCodes.Status200OK, "text/csv")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
