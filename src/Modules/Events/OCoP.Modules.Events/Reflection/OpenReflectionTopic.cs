using System.Globalization;
using System.Text;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Events.Attendance;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Feedback;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Events.Reflection;

/// <summary>
/// An organiser asks the group's forum to open a topic to reflect on the session, once it has begun: the request is kept
/// on the event and <see cref="StartReflectionTopic"/> goes to Discussions in the same outboxed transaction (202); the
/// topic's link arrives with <see cref="ReflectionTopicStarted"/> (<see cref="ReflectionTopicReplyHandler"/>). The topic
/// says what the event was and the feedback's numbers, never an attendee's comment (docs/adr/0066).
/// </summary>
internal static class OpenReflectionTopic
{
    public const string Question = "What will you take from this session into your practice, and what would you try differently next time?";

    internal sealed record Command(Guid EventId) : IRequest;

    internal sealed class Handler(OutboxedSessionFactory<IEventsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Command>
    {
        public async Task<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (groupEvent, group) = await EventAccess.ForUpdateAsync(session, bus, command.EventId, me, cancellationToken);
            EventAccess.RequireOrganiser(group, groupEvent);
            var now = clock.GetUtcNow();
            if (RefusalOf(groupEvent, now) is { } refusal)
            {
                throw ProblemException.Conflict(refusal);
            }

            var entries = await session.Query<FeedbackEntry>().Where(f => f.EventId == groupEvent.Id).ToListAsync(cancellationToken);
            var present = await session.Query<AttendanceRecord>().CountAsync(a => a.EventId == groupEvent.Id, cancellationToken);
            var title = TitleOf(groupEvent);
            groupEvent.ReflectionTopic = new ReflectionTopic { Title = title, RequestedAt = now };
            groupEvent.UpdatedAt = now;
            session.Store(groupEvent);
            await bus.SendAsync(new StartReflectionTopic(groupEvent.Id, groupEvent.GroupId, me.Id, title,
                BodyOf(groupEvent, FeedbackSummary.Of(groupEvent.Id, present, entries))));
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>Why the topic may not be asked for now, or null: the event must have begun, not be cancelled, and have no topic asked for or opened.</summary>
    public static string? RefusalOf(GroupEvent groupEvent, DateTimeOffset now) => groupEvent switch
    {
        { Cancelled: true } => "This event was cancelled.",
        { ReflectionTopic.Opened: true } => "The reflection topic is already open in the group's forum.",
        { ReflectionTopic.Pending: true } => "The reflection topic was already asked for; the forum is opening it.",
        _ when now < groupEvent.StartsAt => "The reflection topic can be opened once the event has begun.",
        _ => null,
    };

    public static string TitleOf(GroupEvent groupEvent)
    {
        var date = groupEvent.StartLocal.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var name = groupEvent.Title.Trim();
        const int room = 200 - 30; // the forum takes titles up to 200 characters
        return $"Reflection: {(name.Length > room ? name[..room].TrimEnd() + "…" : name)} ({date})";
    }

    /// <summary>Markdown: what and when, the feedback's numbers (no comments, no names) and a question to reflect on.</summary>
    public static string BodyOf(GroupEvent groupEvent, FeedbackSummary.Summary feedback)
    {
        var when = groupEvent.StartLocal.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        var body = new StringBuilder()
            .Append("A place to reflect together on **").Append(Escape(groupEvent.Title.Trim())).Append("**, ").Append(when).Append(" (")
            .Append(groupEvent.TimeZone).Append(").\n\n");
        body.Append(feedback.Responses == 0
            ? "No feedback was given yet."
            : string.Create(CultureInfo.InvariantCulture,
                $"Feedback so far: {feedback.Responses} of {feedback.Present} present answered, average rating {feedback.AverageRating:0.0} of 5."));
        return body.Append("\n\n**To reflect on:** ").Append(Question).Append('\n').ToString();
    }

    /// <summary>An event's title is plain text: Markdown's marks in it are shown as written.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\`*_{}[]()#+-.!<>|~@".Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/events/events/{eventId:guid}/reflection-topic", async (Guid eventId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Command(eventId), cancellationToken);
                    return TypedResults.Accepted($"/api/events/events/{eventId}");
                })
                .WithSummary("Organisers, once the event has begun: open a topic in the group's forum to reflect on it, with the feedback's numbers (not its comments). " +
                             "Accepted: the event shows the topic's link when the forum has opened it.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
