using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Attendance;

/// <summary>A member checks themselves in with the event's short code, during its window (docs/adr/0050).</summary>
internal static class CheckIn
{
    internal sealed record Command(string Code) : IRequest<CheckedIn>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed record CheckedIn(Guid EventId, Guid MemberId, DateTimeOffset CheckedInAt, bool SelfCheckIn);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(20);
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        IOptions<EventsOptions> options) : IRequestHandler<Command, CheckedIn>
    {
        public async Task<CheckedIn> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForReadAsync(session, bus, command.EventId, me, cancellationToken);
            if (!group.IsMember)
            {
                throw ProblemException.Forbidden($"Join {group.Name} to check in to its events.");
            }

            group.RequireWritable();
            var now = clock.GetUtcNow();
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            if (!CheckInWindow.IsOpen(groupEvent, now, options.Value.CheckInOpensBefore))
            {
                throw ProblemException.Conflict(now < groupEvent.StartsAt
                    ? $"Check-in opens {options.Value.CheckInOpensBefore.TotalMinutes:0} minutes before the start."
                    : "This event is over: ask an organiser to record that you were there.");
            }

            if (!CheckInWindow.Matches(groupEvent.CheckInCode, command.Code))
            {
                throw ProblemException.Invalid("code", "This is not the event's check-in code.");
            }

            var id = AttendanceRecord.IdFor(groupEvent.Id, me.Id);
            if (await session.LoadAsync<AttendanceRecord>(id, cancellationToken) is { } already)
            {
                return new CheckedIn(groupEvent.Id, me.Id, already.CheckedInAt, already.SelfCheckIn);
            }

            session.Store(new AttendanceRecord
            {
                Id = id, EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = me.Id, CheckedInAt = now, CheckedInBy = me.Id,
                StartKey = groupEvent.StartKey,
            });
            await bus.PublishAsync(new GroupEventCheckedIn(groupEvent.Id, groupEvent.GroupId, me.Id, me.Id, now, groupEvent.Title,
                groupEvent.PathIn(group.Slug)));
            await session.SaveChangesAsync(cancellationToken);
            return new CheckedIn(groupEvent.Id, me.Id, now, true);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/events/{eventId:guid}/check-in", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Check yourself in with the event's code, from shortly before the start until the end; again changes nothing.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
