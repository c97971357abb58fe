using Carter;
using FluentValidation;
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
using OCoP.Modules.Events.Series;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Calendar;

/// <summary>Schedule an event in a group, or a recurring series of them (each occurrence is an event of its own).</summary>
internal static class ScheduleEvent
{
    /// <param name="ProposalId">A topic proposal of the group this event takes up: its proposer is told.</param>
    internal sealed record Command(EventInput Event, RecurrenceInput? Recurrence, Guid? ProposalId = null) : IRequest<Scheduled>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Scheduled(Guid EventId, Guid? SeriesId, IReadOnlyList<Guid> OccurrenceIds, string Path);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Event).NotNull().SetValidator(new EventInputValidator());
            RuleFor(c => c.Recurrence!).SetValidator(new RecurrenceInputValidator()).When(c => c.Recurrence is not null);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown, IOptions<EventsOptions> options) : IRequestHandler<Command, Scheduled>
    {
        public async Task<Scheduled> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.ManageEvents);
            var input = command.Event;
            var zone = EventTimes.Find(input.TimeZone);
            var now = clock.GetUtcNow();

            var starts = command.Recurrence is { } recurrence
                ? Recurrence.Expand(input.Start, recurrence.ToRule())
                  ?? throw ProblemException.Invalid("recurrence", $"This rule makes more than {Recurrence.MaxOccurrences} occurrences.")
                : [input.Start];
            if (EventTimes.ToInstant(input.Start, zone) <= now)
            {
                throw ProblemException.Invalid("event.start", "The event must start in the future.");
            }

            var proposal = command.ProposalId is { } proposalId ? await Proposals.ScheduleFromProposal.LockAsync(session, group.GroupId, proposalId, cancellationToken) : null;
            var duration = input.End - input.Start;
            var seriesId = command.Recurrence is null ? (Guid?)null : Guid.CreateVersion7(now);
            var html = markdown.ToSafeHtml(input.Description ?? "");
            var occurrences = new List<GroupEvent>();
            for (var i = 0; i < starts.Count; i++)
            {
                var occurrence = new GroupEvent
                {
                    Id = Guid.CreateVersion7(now), GroupId = group.GroupId, SeriesId = seriesId, OccurrenceNumber = seriesId is null ? null : i + 1,
                    Title = input.Title.Trim(), Description = input.Description ?? "", DescriptionHtml = html, TimeZone = input.TimeZone,
                    CreatedBy = me.Id, CreatedAt = now, UpdatedAt = now, CheckInCode = Attendance.CheckInWindow.NewCode(),
                };
                occurrence.At(starts[i], starts[i] + duration, zone);
                Apply(occurrence, input, starts[i] - input.Start, zone);
                occurrences.Add(occurrence);
            }

            if (seriesId is { } id)
            {
                session.Store(new EventSeries
                {
                    Id = id, GroupId = group.GroupId, Rule = command.Recurrence!.ToRule(), Occurrences = occurrences.Count, CreatedBy = me.Id, CreatedAt = now,
                });
            }

            session.Store(occurrences.ToArray());
            foreach (var occurrence in occurrences)
            {
                await EventRemindersHandler.ScheduleAsync(bus, occurrence, options.Value.ReminderLeads, now);
                await Search.EventsSearchFeed.PublishAsync(bus, occurrence, group.Slug, now);
                await bus.PublishAsync(new GroupEventScheduled(occurrence.Id, occurrence.GroupId, occurrence.Title, occurrence.StartsAt, occurrence.EndsAt, me.Id,
                    occurrence.PathIn(group.Slug), now, occurrence.SeriesId, occurrence.OccurrenceNumber));
            }

            if (proposal is not null)
            {
                await Proposals.ScheduleFromProposal.MarkAsync(session, bus, proposal, occurrences[0], group.Slug, me.Id, now);
            }

            await session.SaveChangesAsync(cancellationToken);
            return new Scheduled(occurrences[0].Id, seriesId, [.. occurrences.Select(o => o.Id)], occurrences[0].PathIn(group.Slug));
        }
    }

    /// <summary>Everything but the times and the title, the same for a single event and each occurrence; the deadline moves with each occurrence.</summary>
    internal static void Apply(GroupEvent groupEvent, EventInput input, TimeSpan shift, TimeZoneInfo zone)
    {
        groupEvent.Mode = input.Mode;
        groupEvent.MeetingLink = string.IsNullOrWhiteSpace(input.MeetingLink) ? null : input.MeetingLink.Trim();
        groupEvent.Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim();
        groupEvent.HostIds = [.. (input.HostIds ?? []).Distinct()];
        groupEvent.FacilitatorId = input.FacilitatorId;
        groupEvent.Capacity = input.Capacity;
        groupEvent.RsvpDeadline = input.RsvpDeadline is { } deadline ? EventTimes.ToInstant(deadline + shift, zone) : null;
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/groups/{groupId:guid}/events", async (Guid groupId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var scheduled = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created($"/api/events/events/{scheduled.EventId}", scheduled);
                })
                .WithSummary("Schedule an event (times are wall-clock in event.timeZone); with recurrence, a series of up to 500 occurrences.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
