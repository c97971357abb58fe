using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Feeds;

/// <summary>A member's subscribable feeds: create one (its secret URL is shown once), list them, revoke one.</summary>
internal static class ManageFeeds
{
    internal sealed record Create : IRequest<CreatedFeed>
    {
        /// <summary>From the route: the group whose events the feed shows; null for the member's own events.</summary>
        public Guid? GroupId { get; init; }
    }

    internal sealed record CreatedFeed(Guid FeedId, Guid? GroupId, string Url, DateTimeOffset CreatedAt);

    internal sealed record List(string? Cursor, int? Limit) : IRequest<CursorPage<FeedEntry>>;

    internal sealed record FeedEntry(Guid FeedId, Guid? GroupId, DateTimeOffset CreatedAt);

    internal sealed record Revoke(Guid FeedId) : IRequest;

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me, TimeProvider clock, IOptions<SiteOptions> site)
        : IRequestHandler<Create, CreatedFeed>, IRequestHandler<List, CursorPage<FeedEntry>>, IRequestHandler<Revoke>
    {
        public const int MaxFeeds = 50;

        public async Task<CreatedFeed> Handle(Create request, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            if (request.GroupId is { } groupId)
            {
                (await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireRead();
            }

            var memberId = me.Id;
            if (await session.Query<CalendarFeed>().CountAsync(f => f.MemberId == memberId, cancellationToken) >= MaxFeeds)
            {
                throw ProblemException.Conflict($"You have {MaxFeeds} feeds: revoke one first.");
            }

            var secret = CalendarFeed.NewSecret();
            var feed = new CalendarFeed
            {
                Id = Guid.CreateVersion7(), MemberId = memberId, GroupId = request.GroupId, SecretHash = CalendarFeed.HashOf(secret), CreatedAt = clock.GetUtcNow(),
            };
            session.Insert(feed);
            await session.SaveChangesAsync(cancellationToken);
            return new CreatedFeed(feed.Id, feed.GroupId, site.Value.Link(CalendarFeed.PathFor(secret)), feed.CreatedAt);
        }

        public async Task<CursorPage<FeedEntry>> Handle(List request, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var memberId = me.Id;
            var feeds = await session.Query<CalendarFeed>().Where(f => f.MemberId == memberId).OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);
            return CursorPage.Of([.. feeds.Select(f => new FeedEntry(f.Id, f.GroupId, f.CreatedAt))], request.Cursor, request.Limit);
        }

        public async Task<Unit> Handle(Revoke request, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var feed = await session.LoadAsync<CalendarFeed>(request.FeedId, cancellationToken);
            if (feed is null || feed.MemberId != me.Id)
            {
                throw ProblemException.NotFound("The feed");
            }

            session.Delete(feed);
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/events/feeds", async (IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var created = await mediator.Send(new Create(), cancellationToken);
                    return TypedResults.Created($"/api/events/feeds/{created.FeedId}", created);
                })
                .WithSummary("Create a subscribable iCalendar feed of your own events; its secret url is shown only now.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/events/groups/{groupId:guid}/feeds", async (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var created = await mediator.Send(new Create { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created($"/api/events/feeds/{created.FeedId}", created);
                })
                .WithSummary("Create a subscribable iCalendar feed of a group's events; its secret url is shown only now.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/events/feeds", async (string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new List(cursor, limit), cancellationToken)))
                .WithSummary("Your feeds (without their secret urls).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapDelete("/api/events/feeds/{feedId:guid}", async (Guid feedId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Revoke(feedId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Revoke a feed: its url answers 404 from now on.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
