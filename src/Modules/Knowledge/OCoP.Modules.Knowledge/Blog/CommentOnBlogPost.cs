using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Comments on a published post (Markdown, threaded one level: a reply answers a top-level comment), and their list, oldest first.</summary>
internal static class CommentOnBlogPost
{
    public const int MaxBodyLength = 20_000;

    internal sealed record Command(string Body, Guid? ParentId = null) : IRequest<CommentView>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid PostId { get; init; }
    }

    internal sealed record ListComments(Guid GroupId, Guid PostId, string? Cursor, int? Limit) : IRequest<CursorPage<CommentView>>;

    internal sealed record CommentView(Guid Id, Guid? ParentId, Guid AuthorId, string AuthorName, string Source, string Html, DateTimeOffset At);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Body).NotEmpty().MaximumLength(MaxBodyLength);
    }

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown)
        : IRequestHandler<Command, CommentView>
    {
        public async Task<CommentView> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            var post = await BlogAccess.FindAsync(session, group.RequireRead(), command.PostId, cancellationToken);
            group.RequireToChange(GroupAction.Post);
            if (!post.IsPublished)
            {
                throw ProblemException.Conflict("Comments open when the post is published.");
            }

            if (command.ParentId is { } parentId)
            {
                var parent = await session.LoadAsync<BlogComment>(parentId, cancellationToken);
                if (parent is null || parent.PostId != post.Id)
                {
                    throw ProblemException.Invalid("parentId", "This post has no such comment.");
                }

                if (parent.ParentId is not null)
                {
                    throw ProblemException.Invalid("parentId", "Replies answer a top-level comment: reply to the comment this one answers.");
                }
            }

            var now = clock.GetUtcNow();
            var comment = new BlogComment
            {
                Id = Guid.CreateVersion7(), PostId = post.Id, GroupId = post.GroupId, ParentId = command.ParentId, AuthorId = me.Id, Source = command.Body,
                Html = markdown.ToSafeHtml(command.Body), At = now,
            };
            comment.Key = BlogPost.KeyFor(now, comment.Id);
            session.Store(comment);
            // Locked, so concurrent comments each count.
            post = await RowLocks.LoadForUpdateAsync<BlogPost>(session, post.Id, cancellationToken) ?? throw ProblemException.NotFound("The post");
            post.CommentCount++;
            session.Store(post);
            await bus.PublishAsync(new BlogCommentAdded(post.GroupId, post.Id, comment.Id, comment.ParentId, post.Title, post.AuthorId, me.Id,
                $"{post.PathIn(group.Slug)}#comment-{comment.Id}", now));
            await session.SaveChangesAsync(cancellationToken);
            var author = await session.LoadAsync<MemberFacts>(me.Id, cancellationToken);
            return new CommentView(comment.Id, comment.ParentId, comment.AuthorId, MemberFacts.NameOf(author), comment.Source, comment.Html, comment.At);
        }
    }

    internal sealed class ListHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListComments, CursorPage<CommentView>>
    {
        public async Task<CursorPage<CommentView>> Handle(ListComments list, CancellationToken cancellationToken)
        {
            string? after = null;
            if (list.Cursor is not null)
            {
                after = Cursor.TryDecode(list.Cursor, out var key, out _) && key.Length > 0 ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
            }

            var limit = Cursor.Limit(list.Limit);
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var post = await BlogAccess.FindAsync(session, group, list.PostId, cancellationToken);
            var comments = session.Query<BlogComment>().Where(c => c.PostId == post.Id);
            var fetched = await (after is null ? comments : comments.Where(c => c.Key.CompareTo(after) > 0))
                .OrderBy(c => c.Key).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, c => (c.Key, c.Id));
            var authors = await session.LoadManyAsync<MemberFacts>(cancellationToken, page.Items.Select(c => c.AuthorId).Distinct().ToArray());
            var names = authors.ToDictionary(a => a.Id, a => a.Name);
            return new CursorPage<CommentView>([.. page.Items.Select(c => new CommentView(c.Id, c.ParentId, c.AuthorId,
                names.GetValueOrDefault(c.AuthorId, MemberNames.FormerMember), c.Source, c.Html, c.At))], page.NextCursor);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}/comments", async (Guid groupId, Guid postId, Command command, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var comment = await mediator.Send(command with { GroupId = groupId, PostId = postId }, cancellationToken);
                    return TypedResults.Created($"{BlogPaths.Api(groupId, postId)}/comments", comment);
                })
                .WithSummary("Comment on a published post, or reply (parentId) to a top-level comment. Contributors and above.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}/comments", async (Guid groupId, Guid postId, string? cursor, int? limit,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Ok(await mediator.Send(new ListComments(groupId, postId, cursor, limit), cancellationToken)))
                .WithSummary("A post's comments, oldest first; a reply names the comment it answers (parentId).");
        }
    }
}
