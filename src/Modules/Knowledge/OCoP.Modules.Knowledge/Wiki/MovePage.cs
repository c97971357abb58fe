using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using Wolverine;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>Move a page under another parent (or to the top) and to a position among its new siblings; never under itself.</summary>
internal static class MovePage
{
    internal sealed record Command(string? Parent, int Position) : IRequest<Placed>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public string Slug { get; init; } = "";
    }

    internal sealed record Placed(string Slug, string? Parent, int Position);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Position).GreaterThanOrEqualTo(0);
    }

    internal sealed class Handler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Command, Placed>
    {
        public async Task<Placed> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var group = (await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireRead();
            var page = await WikiAccess.FindForUpdateAsync(session, command.GroupId, command.Slug, cancellationToken);
            group.RequireToEdit(page);

            WikiPage? parent = null;
            if (command.Parent is { Length: > 0 } parentSlug)
            {
                parent = await WikiAccess.FindOrDefaultAsync(session, command.GroupId, parentSlug, cancellationToken)
                    ?? throw ProblemException.Invalid("parent", "The wiki has no such page.");
                if (parent.Id == page.Id || parent.AncestorIds.Contains(page.Id))
                {
                    throw ProblemException.Invalid("parent", "A page cannot go under itself or one of its own subpages.");
                }
            }

            var parentId = parent?.Id;
            var pageId = page.Id;
            var siblings = await WikiAccess.ChildrenOf(session, command.GroupId, parentId).Where(p => p.Id != pageId).ToListAsync(cancellationToken);
            var ordered = siblings.OrderBy(p => p.Position).ThenBy(p => p.Title).ToList();
            var position = Math.Min(command.Position, ordered.Count);
            ordered.Insert(position, page);
            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Position != i || ordered[i] == page)
                {
                    ordered[i].Position = i;
                    session.Store(ordered[i]);
                }
            }

            if (page.ParentId != parentId)
            {
                // The page and everything under it get their new line of ancestors.
                var oldDepth = page.AncestorIds.Count;
                var descendants = await session.Query<WikiPage>().Where(p => p.GroupId == command.GroupId && p.AncestorIds.Contains(pageId))
                    .ToListAsync(cancellationToken);
                page.ParentId = parentId;
                page.AncestorIds = parent is null ? [] : [.. parent.AncestorIds, parent.Id];
                foreach (var descendant in descendants)
                {
                    descendant.AncestorIds = [.. page.AncestorIds, .. descendant.AncestorIds.Skip(oldDepth)];
                    session.Store(descendant);
                }

                session.Store(page);
            }

            await WikiAccess.SaveChangesAsync(session, cancellationToken);
            return new Placed(page.Slug, parent?.Slug, page.Position);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/knowledge/groups/{groupId:guid}/pages/{slug}/position", (Guid groupId, string slug, Command command, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(command with { GroupId = groupId, Slug = slug }, cancellationToken))
                .WithSummary("Move a page: parent is the slug of its new parent (null for the top), position its place among the siblings from 0. Under itself is a 400.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
