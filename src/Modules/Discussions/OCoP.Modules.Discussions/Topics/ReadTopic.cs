using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Persistence;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Polls;
using OCoP.Modules.Discussions.Posts;
using Wolverine;
using Wolverine.Marten.Publishing;
using System.Text.Json.Serialization;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// One page of a topic, chronological (by post number) or threaded (each reply under the post it answers), and the
/// permanent link of a post. A page costs the same few round trips at post 1 and at post 10,000: the posts of a page
/// are one index range (post numbers are dense, thread paths are keyset-paged), and everything else the page shows is
/// fetched in one batch.
/// </summary>
internal static class ReadTopic
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    internal sealed record Query(Guid GroupId, int TopicNumber, string? View = null, int? Page = null, int? Size = null, string? After = null)
        : IRequest<TopicPage>;

    internal sealed record GetPost(Guid GroupId, int TopicNumber, int PostNumber) : IRequest<PostLocation>;

    internal sealed record MarkRead(int PostNumber) : IRequest<int>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
    }

    internal sealed record TopicPage(TopicView Topic, IReadOnlyList<PostView> Posts, string View, int Page, int PageSize, int PageCount,
        [property: JsonPropertyName("nextCursor")] string? NextAfter, int? LastReadPostNumber);

    internal sealed record TopicView(Guid Id, Guid GroupId, string GroupSlug, string GroupName, int Number, TopicKind Kind, string Title,
        Guid? CategoryId, IReadOnlyList<string> Tags, Guid AuthorId, string AuthorName, DateTimeOffset CreatedAt, int ReplyCount, int LastPostNumber,
        bool Pinned, bool Locked, bool Closed, string? ClosedReason, PostView? AcceptedAnswer, PollView? Poll, string Path, TopicViewer Viewer,
        IReadOnlyList<WikiPageNote> WikiPages, SummaryView? Summary);

    /// <summary>The facilitators' summary at the top of the topic (docs/adr/0075); the Markdown source only for who may rewrite it.</summary>
    internal sealed record SummaryView(Guid AuthorId, string AuthorName, DateTimeOffset WrittenAt, string Html, string? Source,
        IReadOnlyList<SummaryPostLink> Posts);

    /// <summary>A post the summary draws on, by its permanent link.</summary>
    internal sealed record SummaryPostLink(int Number, string Path);

    internal sealed record TopicViewer(bool CanReply, bool CanAcceptAnswer, bool CanModerate, string? CannotReplyBecause, bool CanRecognise);

    internal sealed record PostView(Guid Id, int Number, Guid AuthorId, string AuthorName, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
        int Revision, string? Html, string? Source, int? ReplyToNumber, string? ReplyToAuthorName, QuoteView? Quote, int Depth,
        IReadOnlyDictionary<string, int> Reactions, IReadOnlyList<string> MyReactions, bool Hidden, bool Deleted, string? RemovedReason,
        bool IsAcceptedAnswer, bool CanEdit, string Path, IReadOnlyList<RecognitionView> RecognisedBy);

    /// <summary>"Recognised by": a facilitator or sponsor, their note and when (ADR 0077).</summary>
    internal sealed record RecognitionView(Guid MemberId, string Name, string? Note, DateTimeOffset At);

    internal sealed record QuoteView(int PostNumber, string AuthorName, string Html);

    internal sealed record PollView(Guid Id, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous,
        DateTimeOffset? ClosesAt, bool Closed, IReadOnlyList<int>? Counts, int? Voters, IReadOnlyList<int>? MyChoices, bool CanVote);

    internal sealed record PostLocation(PostView Post, int TopicNumber, string TopicTitle, int Page, int PageSize, string Path, string PagePath);

    internal sealed class Handler(IMessageBus bus, IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, TopicPage>
    {
        public async Task<TopicPage> Handle(Query query, CancellationToken cancellationToken)
        {
            var threaded = query.View?.ToLowerInvariant() switch
            {
                null or "" or "chronological" => false,
                "threaded" => true,
                _ => throw ProblemException.Invalid("view", "View a topic chronological or threaded."),
            };
            var size = Math.Clamp(query.Size ?? DefaultPageSize, 1, MaxPageSize);
            var pageNumber = Math.Max(1, query.Page ?? 1);
            if (query.After is { Length: > 0 } after && (after.Length % Post.PathStep != 0 || after.Length > 40 * Post.PathStep || !after.All(char.IsAsciiDigit)))
            {
                throw ProblemException.Invalid("after", "This position is not one we gave out.");
            }

            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, query.GroupId, query.TopicNumber, cancellationToken);

            var batch = session.CreateBatchQuery();
            Task<IReadOnlyList<Post>> posts;
            if (threaded)
            {
                var from = query.After ?? "";
                posts = batch.Query<Post>().Where(p => p.TopicId == topic.Id && p.ThreadPath.CompareTo(from) > 0)
                    .OrderBy(p => p.ThreadPath).Take(size + 1).ToList();
            }
            else
            {
                var first = (pageNumber - 1) * size + 1;
                var last = first + size - 1;
                posts = batch.Query<Post>().Where(p => p.TopicId == topic.Id && p.Number >= first && p.Number <= last)
                    .OrderBy(p => p.Number).ToList();
            }

            var accepted = topic.AcceptedPostNumber is { } acceptedNumber
                ? batch.Query<Post>().Where(p => p.TopicId == topic.Id && p.Number == acceptedNumber).FirstOrDefault()
                : null;
            var poll = topic.PollId is { } pollId ? batch.Load<Poll>(pollId) : null;
            var vote = topic.PollId is { } votedPoll && context.ViewerId is { } voter ? batch.Load<PollVote>(PollVote.IdFor(votedPoll, voter)) : null;
            var read = context.ViewerId is { } reader ? batch.Load<TopicReadState>(TopicReadState.IdFor(topic.Id, reader)) : null;
            var summarized = batch.Load<TopicSummary>(topic.Id);
            await batch.Execute(cancellationToken);

            var pagePosts = (await posts).ToList();
            string? nextAfter = null;
            if (threaded && pagePosts.Count > size)
            {
                pagePosts.RemoveAt(size);
                nextAfter = pagePosts[^1].ThreadPath;
            }

            var acceptedPost = accepted is null ? null : await accepted;
            var summary = await summarized;
            var names = await Names.LoadAsync(session, pagePosts.SelectMany(AuthorsOf).Concat(acceptedPost is null ? [] : AuthorsOf(acceptedPost))
                .Append(topic.AuthorId).Append(summary?.AuthorId ?? Guid.Empty), cancellationToken);
            var views = new PostViews(context, topic, names);
            var now = clock.GetUtcNow();
            var topicView = TopicViewOf(context, topic, names, acceptedPost is null ? null : views.Of(acceptedPost),
                poll is null || await poll is not { } loadedPoll ? null : PollViewOf(context, topic, loadedPoll, vote is null ? null : await vote, now),
                summary is null ? null : SummaryViewOf(summary, context.Group.Slug, topic.Number, names, context.Can(GroupAction.Moderate)));
            var pageCount = Math.Max(1, (topic.LastPostNumber + size - 1) / size);
            return new TopicPage(topicView, pagePosts.Select(views.Of).ToList(), threaded ? "threaded" : "chronological", threaded ? 0 : pageNumber, size,
                pageCount, nextAfter, read is null ? null : (await read)?.LastReadPostNumber ?? 0);
        }

        private static IEnumerable<Guid> AuthorsOf(Post post) => PeopleOf(post);
    }

    public static TopicView TopicViewOf(ForumContext context, Topic topic, Names names, PostView? acceptedAnswer, PollView? poll, SummaryView? summary = null)
    {
        var cannotReply = topic.CannotReplyBecause(Replier.Of(context), context.Group.IsReadOnly);
        var canAccept = topic.Kind == TopicKind.Question && (context.Can(GroupAction.AcceptAnswers) || topic.AuthorId == context.ViewerId);
        return new TopicView(topic.Id, topic.GroupId, context.Group.Slug, context.Group.Name, topic.Number, topic.Kind, topic.Title, topic.CategoryId,
            topic.Tags, topic.AuthorId, names.Of(topic.AuthorId), topic.CreatedAt, topic.ReplyCount, topic.LastPostNumber, topic.Pinned, topic.Locked,
            topic.Closed, topic.ClosedReason, acceptedAnswer, poll, Topic.PathFor(context.Group.Slug, topic.Number),
            new TopicViewer(cannotReply is null, canAccept && !context.Group.IsReadOnly, context.Can(GroupAction.Moderate), cannotReply,
                context.Can(RecognisePost.Permission) && !context.Group.IsReadOnly), topic.WikiPages,
            summary);
    }

    /// <summary>Everyone a post names on the page: its author, whom it answers and quotes, who recognised it (one batch of names).</summary>
    public static IEnumerable<Guid> PeopleOf(Post post) =>
        [post.AuthorId, post.ReplyToAuthorId ?? Guid.Empty, post.Quote?.AuthorId ?? Guid.Empty, .. post.Recognitions.Select(r => r.RecognisedBy)];

    public static SummaryView SummaryViewOf(TopicSummary summary, string groupSlug, int topicNumber, Names names, bool withSource) =>
        new(summary.AuthorId, names.Of(summary.AuthorId), summary.WrittenAt, summary.Html, withSource ? summary.Source : null,
            summary.PostNumbers.Select(n => new SummaryPostLink(n, Topic.PathFor(groupSlug, topicNumber, n))).ToList());

    public static PollView PollViewOf(ForumContext context, Topic topic, Poll poll, PollVote? vote, DateTimeOffset now)
    {
        var closed = poll.Closed || poll.ClosesAt <= now;
        // Results after voting or after closing, as members expect: no bandwagon before one has a say.
        var showResults = closed || vote is not null;
        var canVote = !closed && !topic.Closed && context.Can(GroupAction.Post) && !context.Group.IsReadOnly;
        return new PollView(poll.Id, poll.Question, poll.Options, poll.MultipleChoice, poll.Anonymous, poll.ClosesAt, closed,
            showResults ? poll.Counts : null, showResults ? poll.Voters : null, vote?.Choices, canVote);
    }

    internal sealed class GetPostHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<GetPost, PostLocation>
    {
        public async Task<PostLocation> Handle(GetPost get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, get.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, get.GroupId, get.TopicNumber, cancellationToken);
            var post = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == get.PostNumber, cancellationToken)
                ?? throw ProblemException.NotFound($"Post {get.PostNumber} of this topic");
            var names = await Names.LoadAsync(session, PeopleOf(post), cancellationToken);
            var page = (post.Number - 1) / DefaultPageSize + 1;
            var topicPath = Topic.PathFor(context.Group.Slug, topic.Number);
            return new PostLocation(new PostViews(context, topic, names).Of(post), topic.Number, topic.Title, page, DefaultPageSize,
                Topic.PathFor(context.Group.Slug, topic.Number, post.Number), page == 1 ? $"{topicPath}#post-{post.Number}" : $"{topicPath}?page={page}#post-{post.Number}");
        }
    }

    internal sealed class MarkReadHandler(IMessageBus bus, OutboxedSessionFactory<IDiscussionsStore> sessions, CurrentMember me, TimeProvider clock)
        : IRequestHandler<MarkRead, int>
    {
        public async Task<int> Handle(MarkRead mark, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadAsync(session, bus, mark.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, mark.GroupId, mark.TopicNumber, cancellationToken);
            var id = TopicReadState.IdFor(topic.Id, me.Id);
            var state = await session.LoadAsync<TopicReadState>(id, cancellationToken) ?? new TopicReadState { Id = id, TopicId = topic.Id, MemberId = me.Id };
            // Reading never goes backwards: opening an old page keeps the place reached.
            var upTo = Math.Clamp(mark.PostNumber, 0, topic.LastPostNumber);
            if (upTo > state.LastReadPostNumber)
            {
                state.LastReadPostNumber = upTo;
                session.Store(state);
                await ReportReadingAsync(session, context.Forum.Id, cancellationToken);
                await session.SaveChangesAsync(cancellationToken);
            }

            return state.LastReadPostNumber;
        }

        /// <summary>The group's readers for the health dashboard: one message per member, group and day, with the read.</summary>
        private async Task ReportReadingAsync(Marten.IDocumentSession session, Guid groupId, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var id = GroupReadDay.IdFor(groupId, me.Id);
            var reported = await session.LoadAsync<GroupReadDay>(id, cancellationToken);
            if (reported?.Day == today)
            {
                return;
            }

            session.Store(new GroupReadDay { Id = id, Day = today });
            await bus.PublishAsync(new MemberReadInGroup(groupId, me.Id, today, now));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}", (Guid groupId, int topicNumber, string? view, int? page, int? limit,
                    string? cursor, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(groupId, topicNumber, view, page, limit, cursor), cancellationToken))
                .WithSummary("A page of a topic: view=chronological (page, limit) or threaded (cursor: the nextCursor of the previous page).")
                .WithAllowedValues("view", ["chronological", "threaded"]);

            app.MapGet("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts/{postNumber:int}", (Guid groupId, int topicNumber, int postNumber,
                    IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetPost(groupId, topicNumber, postNumber), cancellationToken))
                .WithSummary("One post, with its permanent link and the page of the topic it is on.");

            app.MapPost("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/read", async (Guid groupId, int topicNumber, MarkRead mark,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    Results.Ok(new { lastReadPostNumber = await mediator.Send(mark with { GroupId = groupId, TopicNumber = topicNumber }, cancellationToken) }))
                .WithSummary("Record that you have read the topic up to a post.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>How posts are shown to the current member: hidden and deleted posts keep their place but not their words.</summary>
internal sealed class PostViews(ForumContext context, Topic topic, Names names)
{
    public ReadTopic.PostView Of(Post post)
    {
        var moderator = context.Can(GroupAction.Moderate);
        var mine = post.AuthorId == context.ViewerId;
        // Moderators see what was removed; authors see their own hidden post (to fix it), never a deleted one's words.
        var showWords = post.Deleted ? moderator : !post.Hidden || moderator || mine;
        var myReactions = context.ViewerId is { } viewer ? post.Reactions.Where(r => r.MemberId == viewer).Select(r => r.Kind).ToList() : [];
        return new ReadTopic.PostView(post.Id, post.Number, post.AuthorId, names.Of(post.AuthorId), post.CreatedAt, post.EditedAt, post.Revision,
            showWords ? post.Html : null, showWords && (mine || moderator) ? post.Source : null, post.ReplyToNumber,
            post.ReplyToAuthorId is { } replyTo ? names.Of(replyTo) : null,
            post.Quote is { } quote && showWords ? new ReadTopic.QuoteView(quote.PostNumber, names.Of(quote.AuthorId), quote.Html) : null,
            post.Depth, post.ReactionCounts, myReactions, post.Hidden, post.Deleted, post.Deleted ? post.DeletedReason : post.Hidden ? post.HiddenReason : null,
            topic.AcceptedPostNumber == post.Number, !post.Deleted && !context.Group.IsReadOnly && ((mine && context.Can(GroupAction.Post)) || moderator),
            Topic.PathFor(context.Group.Slug, topic.Number, post.Number),
            // Recognition is for what members can read: a removed post keeps it but does not show it.
            post.Visible ? post.Recognitions.Select(r => new ReadTopic.RecognitionView(r.RecognisedBy, names.Of(r.RecognisedBy), r.Note, r.At)).ToList() : []);
    }
}

internal static class TopicLookup
{
    public static async Task<Topic> LoadAsync(IQuerySession session, Guid groupId, int number, CancellationToken cancellationToken)
    {
        var topic = await session.Query<Topic>().FirstOrDefaultAsync(t => t.GroupId == groupId && t.Number == number, cancellationToken);
        return topic is null || topic.Deleted ? throw ProblemException.NotFound("The topic") : topic;
    }

    /// <summary>Finds the topic, then locks it for this session's transaction (after the group, if that is locked too).</summary>
    public static async Task<Topic> LoadForUpdateAsync(IDocumentSession session, Guid groupId, int number, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(session, groupId, number, cancellationToken);
        return await RowLocks.LoadForUpdateAsync<Topic>(session, found.Id, cancellationToken) ?? throw ProblemException.NotFound("The topic");
    }
}
