using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// A group's topics: latest activity (pinned first), newest, most active, or unanswered questions; by category or tag;
/// with unread counts for the signed-in member. A constant number of queries, each an index range scan.
/// </summary>
internal static class TopicList
{
    public static readonly string[] Sorts = ["latest", "newest", "active", "unanswered"];

    internal sealed record Query(Guid GroupId, string? Sort, Guid? CategoryId, string? Tag, string? Cursor, int? Limit) : IRequest<CursorPage<Summary>>;

    internal sealed record Summary(Guid Id, int Number, TopicKind Kind, string Title, Guid? CategoryId, IReadOnlyList<string> Tags, Guid AuthorId,
        string AuthorName, DateTimeOffset CreatedAt, DateTimeOffset LastPostAt, string LastPosterName, int ReplyCount, bool Pinned, bool Locked,
        bool Closed, bool Answered, bool HasPoll, bool? New, int? Unread, string Path);

    internal sealed class Handler(IDiscussionsStore store, CurrentMember me) : IRequestHandler<Query, CursorPage<Summary>>
    {
        public async Task<CursorPage<Summary>> Handle(Query query, CancellationToken cancellationToken)
        {
            var sort = query.Sort?.ToLowerInvariant() ?? "latest";
            if (!Sorts.Contains(sort))
            {
                throw ProblemException.Invalid("sort", $"Sort by {string.Join(", ", Sorts)}.");
            }

            string? after = null;
            if (query.Cursor is not null)
            {
                after = Cursor.TryDecode(query.Cursor, out var key, out _) ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we gave out.");
            }

            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, query.GroupId, me, cancellationToken)).RequireRead();
            var limit = Cursor.Limit(query.Limit);
            var topics = session.Query<Topic>().Where(t => t.GroupId == query.GroupId && !t.Deleted);
            if (query.CategoryId is { } category)
            {
                topics = topics.Where(t => t.CategoryId == category);
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                var tag = query.Tag.Trim().ToLowerInvariant();
                topics = topics.Where(t => t.Tags.Contains(tag));
            }

            topics = sort switch
            {
                "latest" => (after is null ? topics : topics.Where(t => t.LatestKey.CompareTo(after) < 0)).OrderByDescending(t => t.LatestKey),
                "active" => (after is null ? topics : topics.Where(t => t.ActiveKey.CompareTo(after) < 0)).OrderByDescending(t => t.ActiveKey),
                "unanswered" => (after is null ? topics : topics.Where(t => t.NewestKey.CompareTo(after) < 0))
                    .Where(t => t.IsUnansweredQuestion).OrderByDescending(t => t.NewestKey),
                _ => (after is null ? topics : topics.Where(t => t.NewestKey.CompareTo(after) < 0)).OrderByDescending(t => t.NewestKey),
            };
            var fetched = await topics.Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, t => (sort switch { "latest" => t.LatestKey, "active" => t.ActiveKey, _ => t.NewestKey }, t.Id));

            var names = await Names.LoadAsync(session, page.Items.SelectMany(t => new[] { t.AuthorId, t.LastPosterId }), cancellationToken);
            var read = context.ViewerId is { } viewer && page.Items.Count > 0
                ? (await session.LoadManyAsync<TopicReadState>(cancellationToken, page.Items.Select(t => TopicReadState.IdFor(t.Id, viewer)).ToArray()))
                    .ToDictionary(r => r.TopicId, r => r.LastReadPostNumber)
                : null;
            var slug = context.Group.Slug;
            return new CursorPage<Summary>(page.Items.Select(t => new Summary(t.Id, t.Number, t.Kind, t.Title, t.CategoryId, t.Tags, t.AuthorId,
                names.Of(t.AuthorId), t.CreatedAt, t.LastPostAt, names.Of(t.LastPosterId), t.ReplyCount, t.Pinned, t.Locked, t.Closed,
                t.AcceptedPostNumber is not null, t.PollId is not null,
                read is null ? null : !read.ContainsKey(t.Id),
                read is null ? null : Math.Max(0, t.LastPostNumber - read.GetValueOrDefault(t.Id)),
                Topic.PathFor(slug, t.Number))).ToList(), page.NextCursor);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/discussions/groups/{groupId:guid}/topics", (Guid groupId, string? sort, Guid? category, string? tag, string? cursor,
                    int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId, sort, category, tag, cursor, limit), cancellationToken))
                .WithSummary("Topics of a group: sort=latest (pinned first), newest, active or unanswered; category, tag; keyset cursor.")
                .WithAllowedValues("sort", Sorts);
    }
}

/// <summary>Display names of the authors on a page, in one query.</summary>
internal sealed class Names(IReadOnlyDictionary<Guid, string> names)
{
    public string Of(Guid? id) => id is { } value && names.TryGetValue(value, out var name) ? name : ForumAuthor.FormerMember;

    public static async Task<Names> LoadAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Where(id => id != Guid.Empty).Distinct().ToArray();
        var authors = distinct.Length == 0 ? [] : await session.LoadManyAsync<ForumAuthor>(cancellationToken, distinct);
        return new Names(authors.ToDictionary(a => a.Id, a => a.DisplayName));
    }
}
