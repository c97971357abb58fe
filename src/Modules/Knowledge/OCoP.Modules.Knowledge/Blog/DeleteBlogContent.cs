using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Curation;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Knowledge.Wiki;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>
/// The author or a facilitator removes a blog post (with its comments and files, and from search) or a comment (a
/// top-level comment with its replies). Afterwards the post or comment is a 404 like one that never existed; a scheduled
/// post's message finds nothing to publish.
/// </summary>
internal static class DeleteBlogContent
{
    internal sealed record DeletePost(Guid GroupId, Guid PostId) : IRequest<bool>;

    internal sealed record DeleteComment(Guid GroupId, Guid PostId, Guid CommentId) : IRequest<bool>;

    internal sealed class PostHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<DeletePost, bool>
    {
        public async Task<bool> Handle(DeletePost delete, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, delete.GroupId, me, cancellationToken);
            var post = await BlogAccess.FindAsync(session, group.RequireRead(), delete.PostId, cancellationToken);
            group.RequireToRemove(post.AuthorId, "a post");
            session.Delete(post);
            session.DeleteWhere<BlogComment>(c => c.PostId == post.Id);
            await DeleteFile.OfTargetAsync(session, post.GroupId, post.Id, cancellationToken);
            await bus.PublishAsync(new SearchableContentRemoved(SearchableKind.BlogPost, post.Id, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class CommentHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me) : IRequestHandler<DeleteComment, bool>
    {
        public async Task<bool> Handle(DeleteComment delete, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, delete.GroupId, me, cancellationToken);
            var post = await BlogAccess.FindAsync(session, group.RequireRead(), delete.PostId, cancellationToken);
            var comment = await session.LoadAsync<BlogComment>(delete.CommentId, cancellationToken);
            if (comment is null || comment.PostId != post.Id)
            {
                throw ProblemException.NotFound("The comment");
            }

            group.RequireToRemove(comment.AuthorId, "a comment");
            var removed = 1 + (comment.ParentId is null
                ? await session.Query<BlogComment>().CountAsync(c => c.PostId == post.Id && c.ParentId == comment.Id, cancellationToken)
                : 0);
            session.Delete(comment);
            session.DeleteWhere<BlogComment>(c => c.PostId == post.Id && c.ParentId == comment.Id);
            // Locked, as commenting locks it: the count stays right under concurrent comments.
            post = await RowLocks.LoadForUpdateAsync<BlogPost>(session, post.Id, cancellationToken) ?? throw ProblemException.NotFound("The post");
            post.CommentCount = Math.Max(0, post.CommentCount - removed);
            session.Store(post);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapDelete("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}", async (Guid groupId, Guid postId, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new DeletePost(groupId, postId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a post with its comments and files: its author or a facilitator.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}/comments/{commentId:guid}", async (Guid groupId, Guid postId,
                    Guid commentId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new DeleteComment(groupId, postId, commentId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a comment (a top-level one with its replies): its author or a facilitator.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
