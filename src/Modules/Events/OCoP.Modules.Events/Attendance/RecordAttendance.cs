using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Attendance;

/// <summary>
/// An organiser checks members in (or out, to correct a slip) in bulk, from when check-in opens, also after the end.
/// Only members of the group or those who answered the event can be recorded.
/// </summary>
internal static class RecordAttendance
{
    public const int MaxMembers = 500;

    internal sealed record Command(IReadOnlyList<Guid> MemberIds, bool? Present) : IRequest<Recorded>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed record Recorded(int Present, int Changed);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.MemberIds).NotEmpty().Must(ids => ids is null || ids.Count <= MaxMembers).WithMessage($"At most {MaxMembers} members at once.");
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        IOptions<EventsOptions> options) : IRequestHandler<Command, Recorded>
    {
        public async Task<Recorded> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            // The event's row lock: two organisers ticking the same sheet at once each see the other's ticks.
            var (groupEvent, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, groupEvent);
            var now = clock.GetUtcNow();
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            if (!CheckInWindow.IsRecordable(groupEvent, now, options.Value.CheckInOpensBefore))
            {
                throw ProblemException.Conflict($"Attendance can be recorded from {options.Value.CheckInOpensBefore.TotalMinutes:0} minutes before the start.");
            }

            var ids = command.MemberIds.Distinct().ToArray();
            var members = (await session.LoadManyAsync<MembershipFacts>(cancellationToken, ids.Select(id => MembershipFacts.IdFor(groupEvent.GroupId, id)).ToArray()))
                .Where(m => m.Active).Select(m => m.MemberId).ToHashSet();
            var answered = (await session.LoadManyAsync<Rsvp>(cancellationToken, ids.Select(id => Rsvp.IdFor(groupEvent.Id, id)).ToArray()))
                .Select(r => r.MemberId).ToHashSet();
            var unknown = command.MemberIds.Select((id, index) => (id, index)).Where(x => !members.Contains(x.id) && !answered.Contains(x.id)).ToList();
            if (unknown.Count > 0)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "Invalid request", "Only members of the group or those who answered the event can be checked in.")
                {
                    Errors = unknown.ToDictionary(x => $"memberIds[{x.index}]", _ => new[] { "This is not a member of the group." }),
                };
            }

            var existing = (await session.LoadManyAsync<AttendanceRecord>(cancellationToken, ids.Select(id => AttendanceRecord.IdFor(groupEvent.Id, id)).ToArray()))
                .ToDictionary(a => a.MemberId);
            var changed = 0;
            foreach (var memberId in ids)
            {
                if (command.Present ?? true)
                {
                    if (existing.ContainsKey(memberId))
                    {
                        continue;
                    }

                    session.Store(new AttendanceRecord
                    {
                        Id = AttendanceRecord.IdFor(groupEvent.Id, memberId), EventId = groupEvent.Id, GroupId = groupEvent.GroupId, MemberId = memberId,
                        CheckedInAt = now, CheckedInBy = me.Id, StartKey = groupEvent.StartKey,
                    });
                    await bus.PublishAsync(new GroupEventCheckedIn(groupEvent.Id, groupEvent.GroupId, memberId, me.Id, now, groupEvent.Title,
                        groupEvent.PathIn(group.Slug)));
                    changed++;
                }
                else if (existing.ContainsKey(memberId))
                {
                    session.Delete<AttendanceRecord>(AttendanceRecord.IdFor(groupEvent.Id, memberId));
                    await bus.PublishAsync(new GroupEventCheckedOut(groupEvent.Id, groupEvent.GroupId, memberId, me.Id, now));
                    changed++;
                }
            }

            await session.SaveChangesAsync(cancellationToken);
            var present = await session.Query<AttendanceRecord>().CountAsync(a => a.EventId == groupEvent.Id, cancellationToken);
            return new Recorded(present, changed);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/events/events/{eventId:guid}/attendance", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Organisers: check members in (present true, the default) or out (false), up to 500 at once.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
