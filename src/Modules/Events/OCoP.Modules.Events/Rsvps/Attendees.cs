using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Rsvps;

/// <summary>Who answered an event: seats in arrival order, then the waiting list in its order, then maybe and not going.</summary>
internal static class Attendees
{
    internal sealed record Query(Guid EventId, string? Cursor, int? Limit) : IRequest<CursorPage<Attendee>>;

    internal sealed record Attendee(Guid MemberId, string Name, RsvpAnswer Answer, bool Waiting, int? WaitingPlace, DateTimeOffset RespondedAt);

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, CursorPage<Attendee>>
    {
        public async Task<CursorPage<Attendee>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var (groupEvent, _) = await EventAccess.ForReadAsync(session, bus, query.EventId, me, cancellationToken);
            var answers = await session.Query<Rsvp>().Where(r => r.EventId == groupEvent.Id).ToListAsync(cancellationToken);
            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, answers.Select(a => a.MemberId).ToArray())).ToDictionary(m => m.Id);
            var ordered = answers.OrderBy(a => a.HasSeat ? 0 : a.Waiting ? 1 : a.Answer == RsvpAnswer.Maybe ? 2 : 3).ThenBy(a => a.Position).ToList();
            var place = 0;
            var all = ordered.Select(a => new Attendee(a.MemberId, names.GetValueOrDefault(a.MemberId)?.Name ?? MemberNames.FormerMember, a.Answer, a.Waiting,
                a.Waiting ? ++place : null, a.RespondedAt)).ToList();
            return CursorPage.Of(all, query.Cursor, query.Limit);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/events/{eventId:guid}/attendees", async (Guid eventId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(new Query(eventId, cursor, limit), cancellationToken)))
                .WithSummary("Who answered: seats in arrival order, then the waiting list in its order, then maybe and not going.");
    }
}
