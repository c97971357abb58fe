using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Rsvps;

/// <summary>
/// Answer an event: going, maybe or not going. Going beyond the capacity joins the waiting list; giving up a seat
/// promotes the first waiting member at once. Everything happens under the event's row lock (docs/adr/0022).
/// </summary>
internal static class Respond
{
    internal sealed record Command(RsvpAnswer Answer) : IRequest<Answered>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    /// <summary>The caller's answer; <see cref="WaitingPlace"/> is 1 for the first in the waiting list.</summary>
    internal sealed record Answered(RsvpAnswer Answer, bool Waiting, int? WaitingPlace, int Going, int WaitingCount, int? Capacity);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Answer).IsInEnum();
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, RsvpGate gate)
        : IRequestHandler<Command, Answered>
    {
        public Task<Answered> Handle(Command command, CancellationToken cancellationToken) => gate.RunAsync(() => AnswerAsync(command, cancellationToken), cancellationToken);

        private async Task<Answered> AnswerAsync(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            if (!group.IsMember)
            {
                throw ProblemException.Forbidden($"Join {group.Name} to answer its events.");
            }

            group.RequireWritable();
            var now = clock.GetUtcNow();
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            if (groupEvent.StartsAt <= now)
            {
                throw ProblemException.Conflict("This event has already started.");
            }

            if (groupEvent.RsvpDeadline is { } deadline && now > deadline)
            {
                throw ProblemException.Conflict($"Answers to this event closed at {deadline:u}.");
            }

            var rsvp = await session.LoadAsync<Rsvp>(Rsvp.IdFor(groupEvent.Id, me.Id), cancellationToken);
            if (rsvp is not null && rsvp.Answer == command.Answer)
            {
                return await AnsweredAsync(session, rsvp, groupEvent, cancellationToken); // PUT is idempotent: the same answer keeps its place
            }

            var hadSeat = rsvp?.HasSeat ?? false;
            if (hadSeat)
            {
                groupEvent.GoingCount--;
            }
            else if (rsvp is { Waiting: true })
            {
                groupEvent.WaitingCount--;
            }

            rsvp ??= new Rsvp { Id = Rsvp.IdFor(groupEvent.Id, me.Id), EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = me.Id };
            rsvp.Answer = command.Answer;
            rsvp.Waiting = false;
            rsvp.Position = ++groupEvent.LastPosition;
            rsvp.RespondedAt = now;
            rsvp.StartKey = groupEvent.StartKey;
            if (command.Answer == RsvpAnswer.Going)
            {
                if (groupEvent.WaitingCount == 0 && groupEvent.HasSeatFor())
                {
                    groupEvent.GoingCount++;
                }
                else
                {
                    rsvp.Waiting = true;
                    groupEvent.WaitingCount++;
                }
            }

            var promoted = hadSeat ? await WaitingList.PromoteAsync(session, groupEvent, me.Id, cancellationToken) : [];
            groupEvent.UpdatedAt = now;
            session.Store(rsvp);
            session.Store(groupEvent);
            await bus.PublishAsync(new GroupEventRsvpChanged(groupEvent.Id, groupEvent.GroupId, me.Id, rsvp.Answer.ToString(), rsvp.Waiting, now,
                groupEvent.Title, groupEvent.PathIn(group.Slug)));
            foreach (var seat in promoted)
            {
                await bus.PublishAsync(new GroupEventSeatOffered(groupEvent.Id, groupEvent.GroupId, groupEvent.Title, groupEvent.StartsAt, seat.MemberId,
                    groupEvent.PathIn(group.Slug), now));
            }

            var answered = await AnsweredAsync(session, rsvp, groupEvent, cancellationToken);
            await session.SaveChangesAsync(cancellationToken);
            return answered;
        }

        private static async Task<Answered> AnsweredAsync(Marten.IQuerySession session, Rsvp rsvp, GroupEvent groupEvent, CancellationToken cancellationToken) =>
            new(rsvp.Answer, rsvp.Waiting, rsvp.Waiting ? await WaitingList.PlaceOfAsync(session, rsvp, cancellationToken) : null, groupEvent.GoingCount,
                groupEvent.WaitingCount, groupEvent.Capacity);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}/rsvp", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Answer an event (Going, Maybe, NotGoing); going beyond the capacity joins the waiting list.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
