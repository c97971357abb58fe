using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Proposals;

/// <summary>A group's topic proposals, as its readers see them: open ones by votes (then age), then those scheduled, newest first.</summary>
internal static class ProposalList
{
    internal sealed record Entry(Guid Id, string Title, string? Description, Guid ProposedBy, string ProposerName, DateTimeOffset ProposedAt, int Votes,
        bool MyVote, Guid? EventId);

    internal sealed record Query(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<Entry>>;

    internal sealed class Handler(IEventsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Query, CursorPage<Entry>>
    {
        public async Task<CursorPage<Entry>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = await GroupAccess.ForReadAsync(session, bus, query.GroupId, me, cancellationToken);
            group.RequireRead();
            // Open proposals are bounded (TopicProposal.MaxOpenPerGroup); scheduled ones are the latest 100.
            var open = await session.Query<TopicProposal>().Where(p => p.GroupId == group.GroupId && p.EventId == null)
                .OrderByDescending(p => p.Votes).ThenBy(p => p.ProposedAt).ToListAsync(cancellationToken);
            var scheduled = await session.Query<TopicProposal>().Where(p => p.GroupId == group.GroupId && p.EventId != null)
                .OrderByDescending(p => p.ScheduledAt).Take(100).ToListAsync(cancellationToken);
            var all = open.Concat(scheduled).ToList();
            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, all.Select(p => p.ProposedBy).Distinct().ToArray()))
                .ToDictionary(m => m.Id, m => m.Name);
            return CursorPage.Of(
                [.. all.Select(p => new Entry(p.Id, p.Title, p.Description, p.ProposedBy, names.GetValueOrDefault(p.ProposedBy) ?? MemberNames.FormerMember,
                    p.ProposedAt, p.Votes, me.IsAuthenticated && p.VoterIds.Contains(me.Id), p.EventId))],
                query.Cursor, query.Limit);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/groups/{groupId:guid}/proposals", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new Query(groupId, cursor, limit), cancellationToken)))
                .WithSummary("A group's topic proposals: open ones by votes, then those already scheduled (with their event).");
    }
}
