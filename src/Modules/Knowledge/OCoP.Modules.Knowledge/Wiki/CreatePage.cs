using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>Write a new wiki page, at the top of the group's wiki or under a parent page (last among its siblings).</summary>
internal static class CreatePage
{
    public const int MaxTitleLength = 150;
    public const int MaxSummaryLength = 300;

    internal sealed record Command(string Title, string Body, string? Parent, string? Summary, bool Protected = false) : IRequest<WikiWriting.Saved>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Title).NotEmpty().MaximumLength(MaxTitleLength);
            RuleFor(c => c.Body).NotNull();
            RuleFor(c => c.Summary).MaximumLength(MaxSummaryLength);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown,
        IOptions<KnowledgeOptions> options) : IRequestHandler<Command, WikiWriting.Saved>
    {
        public async Task<WikiWriting.Saved> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.EditWiki);
            if (command.Protected)
            {
                group.Require(GroupAction.CurateWiki);
            }

            WikiPage? parent = null;
            if (command.Parent is { Length: > 0 } parentSlug)
            {
                parent = await WikiAccess.FindOrDefaultAsync(session, command.GroupId, parentSlug, cancellationToken)
                    ?? throw ProblemException.Invalid("parent", "The wiki has no such page.");
            }

            var siblings = await WikiAccess.ChildrenOf(session, command.GroupId, parent?.Id).CountAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var page = new WikiPage
            {
                Id = Guid.CreateVersion7(), GroupId = command.GroupId, ParentId = parent?.Id, AncestorIds = parent is null ? [] : [.. parent.AncestorIds, parent.Id],
                Position = siblings, Protected = command.Protected, CreatedAt = now, CreatedBy = me.Id,
            };
            var saved = await WikiWriting.WriteAsync(session, bus, markdown, options.Value, group, page, command.Title, command.Body, me.Id, now,
                command.Summary is { Length: > 0 } summary ? summary : "Created the page", merged: false, revertedFrom: null, cancellationToken);
            await WikiAccess.SaveChangesAsync(session, cancellationToken);
            return saved;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/knowledge/groups/{groupId:guid}/pages", async (Guid groupId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var saved = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created(WikiPaths.Api(groupId, saved.Slug), saved);
                })
                .WithSummary("Write a new wiki page; parent is the slug of the page it goes under, protected pages need a curator.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
