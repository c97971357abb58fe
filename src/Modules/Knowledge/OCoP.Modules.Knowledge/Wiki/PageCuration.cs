using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>What curators (domain experts, facilitators, sponsors) do to a page besides editing it: protect it, mark it reviewed.</summary>
internal static class PageCuration
{
    internal sealed record SetProtection(bool Protected) : IRequest<Unit>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public string Slug { get; init; } = "";
    }

    internal sealed record MarkReviewed(Guid GroupId, string Slug) : IRequest<Unit>;

    internal sealed class ProtectionHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<SetProtection, Unit>
    {
        public async Task<Unit> Handle(SetProtection set, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var group = await WikiAccess.ForWriteAsync(session, bus, set.GroupId, me, cancellationToken);
            group.RequireRead();
            var page = await WikiAccess.FindForUpdateAsync(session, set.GroupId, set.Slug, cancellationToken);
            group.RequireToChange(GroupAction.CurateWiki);
            page.Protected = set.Protected;
            session.Store(page);
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class ReviewHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<MarkReviewed, Unit>
    {
        public async Task<Unit> Handle(MarkReviewed mark, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, mark.GroupId, me, cancellationToken);
            group.RequireRead();
            var page = await WikiAccess.FindForUpdateAsync(session, mark.GroupId, mark.Slug, cancellationToken);
            group.RequireToChange(GroupAction.CurateWiki);
            page.ReviewedAt = clock.GetUtcNow();
            page.ReviewedBy = me.Id;
            session.Store(page);
            await bus.PublishAsync(new WikiPageReviewed(page.GroupId, page.Id, page.Slug, page.Title, me.Id, WikiPaths.Page(group.Slug, page.Slug),
                page.ReviewedAt));
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/knowledge/groups/{groupId:guid}/pages/{slug}/protection", async (Guid groupId, string slug, SetProtection set, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(set with { GroupId = groupId, Slug = slug }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Protect a page (only domain experts, facilitators and sponsors edit it) or lift the protection.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/knowledge/groups/{groupId:guid}/pages/{slug}/review", async (Guid groupId, string slug, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new MarkReviewed(groupId, slug), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Mark a page reviewed: it is no longer stale until Knowledge:ReviewAfterDays have passed again.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
