using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Publish a draft or scheduled post now, or (re)schedule it; a published post stays published (409).</summary>
internal static class PublishBlogPost
{
    internal sealed record Command(DateTimeOffset? PublishAt = null) : IRequest<WriteBlogPost.PostWritten>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid PostId { get; init; }
    }

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, WriteBlogPost.PostWritten>
    {
        public async Task<WriteBlogPost.PostWritten> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            var post = await BlogAccess.FindAsync(session, group.RequireRead(), command.PostId, cancellationToken);
            group.RequireToEdit(post);
            if (post.IsPublished)
            {
                throw ProblemException.Conflict("This post is already published.");
            }

            var now = clock.GetUtcNow();
            if (command.PublishAt is { } publishAt)
            {
                await BlogPublishing.ScheduleAsync(session, bus, post, publishAt, now);
            }
            else
            {
                await BlogPublishing.PublishAsync(session, bus, post, group.Slug, now);
            }

            await session.SaveChangesAsync(cancellationToken);
            return WriteBlogPost.Answer(post, group.Slug);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}/publish", async (Guid groupId, Guid postId, Command command, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(command with { GroupId = groupId, PostId = postId }, cancellationToken)))
                .WithSummary("Publish a draft now, or at publishAt (a durable scheduled publication); only its author sees a draft.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
