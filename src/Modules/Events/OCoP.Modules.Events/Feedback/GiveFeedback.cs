using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Feedback;

/// <summary>
/// An attendee rates the session and says what worked and what to change. Only those recorded as there may (attendance
/// opens shortly before the start, so feedback can be given from check-in on); giving it again replaces it.
/// </summary>
internal static class GiveFeedback
{
    public const int MaxText = 2000;

    internal sealed record Command(int Rating, string? WhatWorked, string? WhatToChange) : IRequest<Given>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed record Given(Guid EventId, int Rating, DateTimeOffset GivenAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Rating).InclusiveBetween(1, 5);
            RuleFor(c => c.WhatWorked).MaximumLength(MaxText);
            RuleFor(c => c.WhatToChange).MaximumLength(MaxText);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, Given>
    {
        public async Task<Given> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForWriteAsync(session, bus, command.EventId, me, cancellationToken);
            if (!group.IsMember)
            {
                throw ProblemException.Forbidden($"Join {group.Name} to give feedback on its events.");
            }

            group.RequireWritable();
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            if (await session.LoadAsync<AttendanceRecord>(AttendanceRecord.IdFor(groupEvent.Id, me.Id), cancellationToken) is null)
            {
                throw ProblemException.Conflict("Only those who were there give feedback: check in first.");
            }

            var now = clock.GetUtcNow();
            session.Store(new FeedbackEntry
            {
                Id = FeedbackEntry.IdFor(groupEvent.Id, me.Id), EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = me.Id, Rating = command.Rating,
                WhatWorked = Clean(command.WhatWorked), WhatToChange = Clean(command.WhatToChange), GivenAt = now,
            });
            await bus.PublishAsync(new GroupEventFeedbackGiven(groupEvent.Id, groupEvent.GroupId, me.Id, command.Rating, now));
            await session.SaveChangesAsync(cancellationToken);
            return new Given(groupEvent.Id, command.Rating, now);
        }

        private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}/feedback", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Attendees: rate the session (1 to 5), say what worked and what to change; again replaces it.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
