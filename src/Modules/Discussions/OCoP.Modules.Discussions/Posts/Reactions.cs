using OCoP.BuildingBlocks.Persistence;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>
/// Reactions from a small fixed set. Counts live on the post beside who reacted, written under the post's row lock, so a
/// topic page shows them without counting and two members reacting at once are both kept.
/// </summary>
internal static class Reactions
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["like"] = "👍",
        ["thanks"] = "🙏",
        ["insightful"] = "💡",
        ["agree"] = "✅",
        ["curious"] = "🤔",
    };

    internal sealed record React(Guid GroupId, int TopicNumber, int PostNumber, string Kind, bool Add) : IRequest<IReadOnlyDictionary<string, int>>;

    internal sealed record WhoReacted(Guid GroupId, int TopicNumber, int PostNumber) : IRequest<IReadOnlyList<Reactor>>;

    internal sealed record Reactor(string Kind, Guid MemberId, string DisplayName, DateTimeOffset At);

    internal sealed class ReactHandler(IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<React, IReadOnlyDictionary<string, int>>
    {
        public async Task<IReadOnlyDictionary<string, int>> Handle(React react, CancellationToken cancellationToken)
        {
            if (!Kinds.ContainsKey(react.Kind))
            {
                throw ProblemException.Invalid("kind", $"React with one of: {string.Join(", ", Kinds.Keys)}.");
            }

            await using var session = store.LightweightSession();
            var context = (await ForumAccess.LoadAsync(session, react.GroupId, me, cancellationToken)).RequireRead().RequireWritable();
            if (!context.IsMember && !context.IsSiteAdministrator)
            {
                throw me.IsAuthenticated ? ProblemException.Forbidden($"Join {context.Group.Name} to react to its posts.") : ProblemException.Unauthorized();
            }

            var topic = await TopicLookup.LoadAsync(session, react.GroupId, react.TopicNumber, cancellationToken);
            var found = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == react.PostNumber, cancellationToken)
                ?? throw ProblemException.NotFound($"Post {react.PostNumber} of this topic");
            var post = (await RowLocks.LoadForUpdateAsync<Post>(session, found.Id, cancellationToken))!;
            if (!post.Visible)
            {
                throw ProblemException.Conflict("This post is hidden or deleted.");
            }

            if (post.AuthorId == me.Id)
            {
                throw ProblemException.Forbidden("Reactions are for other members' posts.");
            }

            var had = post.Reactions.RemoveAll(r => r.Kind == react.Kind && r.MemberId == me.Id) > 0;
            if (react.Add)
            {
                post.Reactions.Add(new Reaction(react.Kind, me.Id, clock.GetUtcNow()));
            }

            if (had != react.Add)
            {
                post.ReactionCounts = post.Reactions.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count());
                session.Store(post);
                await session.SaveChangesAsync(cancellationToken);
            }

            return post.ReactionCounts;
        }
    }

    internal sealed class WhoReactedHandler(IDiscussionsStore store, CurrentMember me) : IRequestHandler<WhoReacted, IReadOnlyList<Reactor>>
    {
        public async Task<IReadOnlyList<Reactor>> Handle(WhoReacted query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await ForumAccess.LoadAsync(session, query.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, query.GroupId, query.TopicNumber, cancellationToken);
            var post = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == query.PostNumber, cancellationToken)
                ?? throw ProblemException.NotFound($"Post {query.PostNumber} of this topic");
            var names = await Names.LoadAsync(session, post.Reactions.Select(r => r.MemberId), cancellationToken);
            return post.Reactions.OrderBy(r => r.At).Select(r => new Reactor(r.Kind, r.MemberId, names.Of(r.MemberId), r.At)).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string reactions = "/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts/{postNumber:int}/reactions";
            app.MapPut(reactions + "/{kind}", (Guid groupId, int topicNumber, int postNumber, string kind, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new React(groupId, topicNumber, postNumber, kind, Add: true), cancellationToken))
                .WithSummary("React to a post: like, thanks, insightful, agree or curious. Answers the post's counts.")
                .WithAllowedValues("kind", Kinds.Keys)
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete(reactions + "/{kind}", (Guid groupId, int topicNumber, int postNumber, string kind, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new React(groupId, topicNumber, postNumber, kind, Add: false), cancellationToken))
                .WithSummary("Take a reaction back.")
                .WithAllowedValues("kind", Kinds.Keys)
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet(reactions, async (Guid groupId, int topicNumber, int postNumber, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new WhoReacted(groupId, topicNumber, postNumber), cancellationToken), cursor, limit))
                .WithSummary("Who reacted to a post, and how.");
        }
    }
}
