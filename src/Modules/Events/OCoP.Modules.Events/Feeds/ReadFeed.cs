using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Events.Rsvps;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Events.Feeds;

/// <summary>
/// A feed as a calendar client fetches it: no cookie, only the secret in the URL. It shows what its owner may read now
/// (by the shared rule, decided at each fetch): a member who left a members-only group stops getting its events. An
/// unknown, revoked or tampered secret is a 404.
/// </summary>
internal static class ReadFeed
{
    public const int MaxEvents = 1000;

    internal sealed record Query(string FeedToken) : IRequest<ICalendarWriter.Calendar>;

    internal sealed class Handler(IEventsStore store, TimeProvider clock, IOptions<SiteOptions> site) : IRequestHandler<Query, ICalendarWriter.Calendar>
    {
        public async Task<ICalendarWriter.Calendar> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var hash = CalendarFeed.HashOf(query.FeedToken);
            var feed = query.FeedToken.Length is > 20 and < 100
                ? await session.Query<CalendarFeed>().FirstOrDefaultAsync(f => f.SecretHash == hash, cancellationToken)
                : null;
            if (feed is null)
            {
                throw ProblemException.NotFound("The feed");
            }

            var readable = await CalendarList.ReadableGroupsAsync(session, feed.MemberId, cancellationToken);
            // Calendar clients keep what they saw: a window from a month back is enough to update and cancel recent events.
            var since = GroupEvent.KeyFor(clock.GetUtcNow().AddDays(-31), Guid.Empty);
            var memberId = feed.MemberId;
            var answers = await session.Query<Rsvp>()
                .Where(r => r.MemberId == memberId && r.Answer != RsvpAnswer.NotGoing && r.StartKey.CompareTo(since) > 0)
                .OrderBy(r => r.StartKey).Take(MaxEvents).ToListAsync(cancellationToken);
            List<GroupEvent> events;
            string name;
            if (feed.GroupId is { } groupId)
            {
                if (!readable.TryGetValue(groupId, out var group))
                {
                    throw ProblemException.NotFound("The feed");
                }

                name = group.Name;
                events = [.. await session.Query<GroupEvent>().Where(e => e.GroupId == groupId && e.StartKey.CompareTo(since) > 0)
                    .OrderBy(e => e.StartKey).Take(MaxEvents).ToListAsync(cancellationToken)];
            }
            else
            {
                name = $"My events ({site.Value.Name})";
                events = [.. (await session.LoadManyAsync<GroupEvent>(cancellationToken, answers.Select(a => a.EventId).ToArray()))
                    .Where(e => readable.ContainsKey(e.GroupId)).OrderBy(e => e.StartKey)];
            }

            var seats = answers.Where(a => a.HasSeat).Select(a => a.EventId).ToHashSet();
            return new ICalendarWriter.Calendar(name, [.. events.Select(e => (e, readable[e.GroupId].Slug))], seats, site.Value);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/feeds/{feedToken}/ical", async (string feedToken, IMediator mediator, CancellationToken cancellationToken) =>
                    ICalendarWriter.Result(await mediator.Send(new Query(feedToken), cancellationToken)))
                .WithSummary("A subscribable feed, addressed by its secret url (no sign-in: calendar clients fetch it).");
    }
}
