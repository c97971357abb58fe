using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Search;

/// <summary>
/// Rebuilds the search index from scratch (docs/adr/0032), for a site administrator: every live row goes (tombstones of
/// hidden and deleted content stay, so a late message cannot bring them back), people and groups are indexed again from
/// this module's own documents, and <see cref="SearchIndexRebuildRequested"/> asks every content module to publish its
/// content again, in the same transaction.
/// </summary>
internal static class RebuildSearchIndex
{
    internal sealed record Command : IRequest<Rebuilding>;

    internal sealed record Rebuilding(Guid RebuildId, DateTimeOffset RequestedAt);

    internal sealed class Handler(OutboxedSessionFactory<IEngagementStore> sessions, IEngagementStore store, IMessageBus bus, CurrentMember me,
        TimeProvider clock, IConfiguration configuration) : IRequestHandler<Command, Rebuilding>
    {
        public async Task<Rebuilding> Handle(Command command, CancellationToken cancellationToken)
        {
            _ = me.Id;
            if (!me.IsSiteAdministrator)
            {
                throw ProblemException.Forbidden("Only site administrators rebuild the search index.");
            }

            var setup = await SearchIndex.EnsureAsync(store, configuration);
            var now = clock.GetUtcNow();
            await using var session = sessions.OpenSession(bus);
            SearchIndex.Clear(session);
            foreach (var profile in await session.Query<SearchProfile>().Where(p => !p.Deleted).ToListAsync(cancellationToken))
            {
                SearchIndex.Upsert(session, setup, profile.ToEntry());
            }

            foreach (var group in (await session.Query<GroupFacts>().ToListAsync(cancellationToken)).Where(g => g.IsKnown))
            {
                SearchIndex.Upsert(session, setup, SearchIndexHandler.GroupEntry(group.Id, group.Name, group.Slug, group.VisibilityChangedAt));
            }

            var rebuilding = new Rebuilding(Guid.CreateVersion7(), now);
            await bus.PublishAsync(new SearchIndexRebuildRequested(rebuilding.RebuildId, now));
            await session.SaveChangesAsync(cancellationToken);
            return rebuilding;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/engagement/search/rebuild", async (IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Accepted((string?)null, await mediator.Send(new Command(), cancellationToken)))
                .WithSummary("Site administrators: rebuild the search index from scratch; content modules publish their content again.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
