using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>A group's blog: published posts newest first (keyset-paged), the caller's own drafts, and one post.</summary>
internal static class ReadBlog
{
    internal sealed record ListPosts(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<PostSummary>>;

    internal sealed record ListDrafts(Guid GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<PostSummary>>;

    internal sealed record GetPost(Guid GroupId, Guid PostId) : IRequest<PostView>;

    internal sealed record PostSummary(Guid Id, string Title, BlogPostState State, Guid AuthorId, string AuthorName, DateTimeOffset? PublishedAt,
        DateTimeOffset? PublishAt, int CommentCount, string Excerpt, string Path);

    internal sealed record PostView(Guid Id, Guid GroupId, string Title, string Source, string Html, BlogPostState State, Guid AuthorId, string AuthorName,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, int CommentCount, string Path,
        PostViewer Viewer);

    internal sealed record PostViewer(bool CanEdit, bool CanComment);

    internal const int ExcerptLength = 280;

    internal static async Task<List<PostSummary>> SummariesAsync(IQuerySession session, IReadOnlyList<BlogPost> posts, string groupSlug,
        CancellationToken cancellationToken)
    {
        var authors = await session.LoadManyAsync<MemberFacts>(cancellationToken, posts.Select(p => p.AuthorId).Distinct().ToArray());
        var names = authors.ToDictionary(a => a.Id, a => a.Name);
        return [.. posts.Select(p => new PostSummary(p.Id, p.Title, p.State, p.AuthorId, names.GetValueOrDefault(p.AuthorId, MemberNames.FormerMember),
            p.PublishedAt, p.PublishAt, p.CommentCount, Excerpt(p.Source), p.PathIn(groupSlug)))];
    }

    /// <summary>The start of the post's source, cut at a word: a listing shows what the post is about without rendering it.</summary>
    internal static string Excerpt(string source)
    {
        var flat = string.Join(' ', source.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (flat.Length <= ExcerptLength)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', ExcerptLength);
        return flat[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)] + "…";
    }

    private static string? After(string? cursor) =>
        cursor is null ? null : Cursor.TryDecode(cursor, out var key, out _) && key.Length > 0 ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");

    internal sealed class ListHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListPosts, CursorPage<PostSummary>>
    {
        public async Task<CursorPage<PostSummary>> Handle(ListPosts list, CancellationToken cancellationToken)
        {
            var after = After(list.Cursor);
            var limit = Cursor.Limit(list.Limit);
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var posts = session.Query<BlogPost>().Where(p => p.GroupId == group.GroupId && p.State == BlogPostState.Published);
            var fetched = await (after is null ? posts : posts.Where(p => p.PublishedKey.CompareTo(after) < 0))
                .OrderByDescending(p => p.PublishedKey).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, p => (p.PublishedKey, p.Id));
            return new CursorPage<PostSummary>(await SummariesAsync(session, page.Items, group.Slug, cancellationToken), page.NextCursor);
        }
    }

    internal sealed class DraftsHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListDrafts, CursorPage<PostSummary>>
    {
        public async Task<CursorPage<PostSummary>> Handle(ListDrafts list, CancellationToken cancellationToken)
        {
            // One author's unpublished posts are a short list: read whole, cut into pages by position (docs/api.md).
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, list.GroupId, me, cancellationToken)).RequireRead();
            var memberId = me.Id;
            var drafts = await session.Query<BlogPost>()
                .Where(p => p.GroupId == group.GroupId && p.AuthorId == memberId && p.State != BlogPostState.Published)
                .OrderByDescending(p => p.UpdatedAt).Take(1000).ToListAsync(cancellationToken);
            return CursorPage.Of(await SummariesAsync(session, drafts, group.Slug, cancellationToken), list.Cursor, list.Limit);
        }
    }

    internal sealed class GetHandler(IKnowledgeStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetPost, PostView>
    {
        public async Task<PostView> Handle(GetPost get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var group = (await WikiAccess.ForReadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var post = await BlogAccess.FindAsync(session, group, get.PostId, cancellationToken);
            var author = await session.LoadAsync<MemberFacts>(post.AuthorId, cancellationToken);
            return new PostView(post.Id, post.GroupId, post.Title, post.Source, post.Html, post.State, post.AuthorId, MemberFacts.NameOf(author), post.CreatedAt,
                post.UpdatedAt, post.PublishedAt, post.PublishAt, post.CommentCount, post.PathIn(group.Slug),
                new PostViewer(group.CanEdit(post), post.IsPublished && !group.IsReadOnly && group.Can(GroupAction.Post)));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/knowledge/groups/{groupId:guid}/posts", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(new ListPosts(groupId, cursor, limit), cancellationToken)))
                .WithSummary("The group blog's published posts, newest first.");

            app.MapGet("/api/knowledge/groups/{groupId:guid}/posts/drafts", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(new ListDrafts(groupId, cursor, limit), cancellationToken)))
                .WithSummary("The caller's own drafts and scheduled posts in the group's blog, newest first.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}", async (Guid groupId, Guid postId, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(new GetPost(groupId, postId), cancellationToken)))
                .WithSummary("One blog post; a draft only for its author (404 for everyone else).");
        }
    }
}
