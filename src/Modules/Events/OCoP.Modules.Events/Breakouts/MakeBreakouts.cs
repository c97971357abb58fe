using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Breakouts;

/// <summary>Whom to split: those checked in, or those holding a seat (before the session starts).</summary>
internal enum BreakoutSource
{
    Present,
    Going,
}

/// <summary>How to compose the groups: at random, or mixing experience (the year each began to practise, from their profiles).</summary>
internal enum BreakoutMix
{
    Random,
    Experience,
}

/// <summary>
/// A facilitator splits those present (or going) into breakout groups of a chosen size, at random or mixing experience, keeping apart members
/// who shared a group at the previous occurrence of the series. Each group has the purpose and its own meeting link (the
/// links given are handed out in turn). Doing it again replaces the plan.
/// </summary>
internal static class MakeBreakouts
{
    internal sealed record Command(int Size, BreakoutSource? From, string? Purpose, IReadOnlyList<string>? MeetingLinks, BreakoutMix? Mix = null)
        : IRequest<BreakoutsView.View>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid EventId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Size).InclusiveBetween(2, 50);
            RuleFor(c => c.From).IsInEnum();
            RuleFor(c => c.Mix).IsInEnum();
            RuleFor(c => c.Purpose).MaximumLength(300);
            RuleFor(c => c.MeetingLinks).Must(links => links is null || links.Count <= 100).WithMessage("At most 100 links.");
            RuleForEach(c => c.MeetingLinks).Must(Materials.SetMaterials.Validator.IsWebLink).WithMessage("Give an http or https link.");
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, BreakoutsView.View>
    {
        public async Task<BreakoutsView.View> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, groupEvent);
            if (groupEvent.Cancelled)
            {
                throw ProblemException.Conflict("This event was cancelled.");
            }

            var from = command.From ?? BreakoutSource.Present;
            IReadOnlyList<Guid> people = from == BreakoutSource.Present
                ? await session.Query<AttendanceRecord>().Where(a => a.EventId == groupEvent.Id).Select(a => a.MemberId).ToListAsync(cancellationToken)
                : await session.Query<Rsvp>().Where(r => r.EventId == groupEvent.Id && r.Answer == RsvpAnswer.Going && !r.Waiting)
                    .Select(r => r.MemberId).ToListAsync(cancellationToken);
            if (people.Count < 2)
            {
                throw ProblemException.Invalid("from", from == BreakoutSource.Present
                    ? "Fewer than two members are checked in: check them in first, or split those going."
                    : "Fewer than two members hold a seat.");
            }

            var previous = groupEvent is { SeriesId: { } seriesId, OccurrenceNumber: > 1 }
                ? await session.Query<BreakoutPlan>().FirstOrDefaultAsync(p => p.SeriesId == seriesId && p.OccurrenceNumber == groupEvent.OccurrenceNumber - 1,
                    cancellationToken)
                : null;
            var practisingSince = command.Mix == BreakoutMix.Experience
                ? (await session.LoadManyAsync<MemberPractice>(cancellationToken, people))
                    .Where(p => p.PractisingSince is not null).ToDictionary(p => p.Id, p => p.PractisingSince!.Value)
                : null;
            var groups = BreakoutSplitter.Split([.. people.Order()], command.Size, Random.Shared, previous?.Pairs(), practisingSince);
            var links = command.MeetingLinks is { Count: > 0 } given ? given : null;
            var purpose = string.IsNullOrWhiteSpace(command.Purpose) ? null : command.Purpose.Trim();
            var plan = new BreakoutPlan
            {
                Id = groupEvent.Id, GroupId = groupEvent.GroupId, SeriesId = groupEvent.SeriesId, OccurrenceNumber = groupEvent.OccurrenceNumber,
                Rooms = [.. groups.Select((members, i) => new BreakoutRoom(i + 1, purpose, links?[i % links.Count], members))],
                MadeBy = me.Id, MadeAt = clock.GetUtcNow(),
            };
            session.Store(plan);
            await session.SaveChangesAsync(cancellationToken);
            return await BreakoutsView.OfAsync(session, plan, me.Id, cancellationToken);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/events/{eventId:guid}/breakouts", async (Guid eventId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(command with { EventId = eventId }, cancellationToken)))
                .WithSummary("Organisers: split those present (from Present, the default) or going into breakout groups of about size, at random " +
                    "or (mix Experience) dealing out members by the year they began to practise, " +
                    "keeping apart who were together at the previous occurrence; replaces an earlier split.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
