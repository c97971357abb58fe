using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Calendar;

/// <summary>
/// Cancel an event, or this and the following occurrences of its series. Cancelled events stay (calendars show them as
/// cancelled, iCalendar says STATUS:CANCELLED with a higher SEQUENCE); their reminders find themselves stale.
/// </summary>
internal static class CancelEvent
{
    internal sealed record Command(ChangeScope? Scope) : IRequest
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Scope).IsInEnum();
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Command>
    {
        public async Task<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (cancelled, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, cancelled);
            if (cancelled.Cancelled)
            {
                throw ProblemException.Conflict("This event is already cancelled.");
            }

            var now = clock.GetUtcNow();
            var targets = await SeriesTargets.LoadAsync(session, cancelled, command.Scope ?? ChangeScope.ThisOccurrence, cancellationToken);
            var ids = targets.Select(t => t.Id).ToArray();
            var answers = await session.Query<Rsvp>().Where(r => r.EventId.IsOneOf(ids) && r.Answer == RsvpAnswer.Going).ToListAsync(cancellationToken);
            foreach (var target in targets)
            {
                target.Cancelled = true;
                target.Sequence++;
                target.ScheduleVersion++;
                target.UpdatedAt = now;
                session.Store(target);
                await Search.EventsSearchFeed.PublishAsync(bus, target, group.Slug, now);
                await bus.PublishAsync(new GroupEventCancelled(target.Id, target.GroupId, target.Title, target.StartsAt, me.Id,
                    [.. answers.Where(a => a.EventId == target.Id).Select(a => a.MemberId)], target.PathIn(group.Slug), now));
            }

            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/events/{eventId:guid}/cancel", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(command with { EventId = eventId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Cancel an event; scope ThisAndFollowing also cancels the later occurrences of its series. Those going or waiting are told.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
