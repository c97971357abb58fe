using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Events.Reminders;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Events.Series;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Calendar;

/// <summary>
/// Change an event, or this and the following occurrences of its series: each keeps its own date and moves by the same
/// wall-clock difference. A change of time raises the schedule version (old reminders go stale) and the iCalendar
/// SEQUENCE; those going are told.
/// </summary>
internal static class EditEvent
{
    internal sealed record Command(EventInput Event, ChangeScope? Scope) : IRequest<EventView>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Event).NotNull().SetValidator(new EventInputValidator());
            RuleFor(c => c.Scope).IsInEnum();
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<EventsOptions> options) : IRequestHandler<Command, EventView>
    {
        public async Task<EventView> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (edited, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, edited);
            if (edited.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            var input = command.Event;
            var zone = EventTimes.Find(input.TimeZone);
            var now = clock.GetUtcNow();
            var move = input.Start - edited.StartLocal;
            var duration = input.End - input.Start;
            var targets = await SeriesTargets.LoadAsync(session, edited, command.Scope ?? ChangeScope.ThisOccurrence, cancellationToken);
            if (input.Capacity is { } capacity && targets.FirstOrDefault(t => t.GoingCount > capacity) is { } full)
            {
                throw ProblemException.Invalid("event.capacity", $"{full.GoingCount} members already hold a seat: the capacity cannot be lower.");
            }

            if (EventTimes.ToInstant(input.Start, zone) <= now)
            {
                throw ProblemException.Invalid("event.start", "The event must start in the future.");
            }

            var html = markdown.ToSafeHtml(input.Description ?? "");
            var answers = await session.Query<Rsvp>().Where(r => r.EventId.IsOneOf(targets.Select(t => t.Id).ToArray())).ToListAsync(cancellationToken);
            foreach (var target in targets)
            {
                var start = target.StartLocal + move;
                var before = (target.StartsAt, target.EndsAt);
                target.Title = input.Title.Trim();
                target.Description = input.Description ?? "";
                target.DescriptionHtml = html;
                target.TimeZone = input.TimeZone;
                target.At(start, start + duration, zone);
                ScheduleEvent.Apply(target, input, start - input.Start, zone);
                target.Sequence++;
                target.UpdatedAt = now;
                var promoted = await WaitingList.PromoteAsync(session, target, null, cancellationToken);
                var mine = answers.Where(a => a.EventId == target.Id).ToList();
                if (before != (target.StartsAt, target.EndsAt))
                {
                    target.ScheduleVersion++;
                    await EventRemindersHandler.ScheduleAsync(bus, target, options.Value.ReminderLeads, now);
                    foreach (var answer in mine)
                    {
                        answer.StartKey = target.StartKey;
                        session.Store(answer);
                    }
                }

                session.Store(target);
                await Search.EventsSearchFeed.PublishAsync(bus, target, group.Slug, now);
                var path = target.PathIn(group.Slug);
                var promotedIds = promoted.Select(p => p.MemberId).ToHashSet();
                await bus.PublishAsync(new GroupEventChanged(target.Id, target.GroupId, target.Title, target.StartsAt, target.EndsAt, me.Id,
                    [.. mine.Where(a => a.HasSeat && !promotedIds.Contains(a.MemberId)).Select(a => a.MemberId)], path, now));
                foreach (var seat in promoted)
                {
                    await bus.PublishAsync(new GroupEventSeatOffered(target.Id, target.GroupId, target.Title, target.StartsAt, seat.MemberId, path, now));
                }
            }

            await session.SaveChangesAsync(cancellationToken);
            var own = answers.FirstOrDefault(a => a.EventId == edited.Id && a.MemberId == me.Id);
            return EventView.Of(edited, group, own, null, zone);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Change an event; scope ThisAndFollowing also changes the later occurrences of its series. Those going are told.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
