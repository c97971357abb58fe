using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Persistence;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>Edit a post (its author, or a moderator) keeping every revision; soft-delete it with a reason.</summary>
internal static class EditPost
{
    internal sealed record Edit(string Body, string? Reason) : IRequest<int>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int PostNumber { get; init; }
    }

    internal sealed record Delete(string Reason) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int PostNumber { get; init; }
    }

    internal sealed record Revisions(Guid GroupId, int TopicNumber, int PostNumber) : IRequest<IReadOnlyList<RevisionView>>;

    internal sealed record RevisionView(int Revision, string Source, string Html, Guid WrittenBy, string WrittenByName, DateTimeOffset WrittenAt,
        string? ReplacedBecause, bool Current);

    internal sealed class EditValidator : AbstractValidator<Edit>
    {
        public EditValidator()
        {
            RuleFor(e => e.Body).NotEmpty().MaximumLength(Posting.MaxBodyLength);
            RuleFor(e => e.Reason).MaximumLength(300);
        }
    }

    internal sealed class DeleteValidator : AbstractValidator<Delete>
    {
        public DeleteValidator() => RuleFor(d => d.Reason).NotEmpty().MaximumLength(300);
    }

    /// <summary>The post, locked; refused unless the current member wrote it (and may still post) or moderates the group.</summary>
    private static async Task<(ForumContext Context, Topic Topic, Post Post, bool ByModerator)> LoadOwnAsync(IDocumentSession session, IMessageBus bus, CurrentMember me,
        Guid groupId, int topicNumber, int postNumber, CancellationToken cancellationToken)
    {
        var context = (await ForumAccess.LoadToWriteAsync(session, bus, groupId, me, cancellationToken)).RequireRead().RequireWritable();
        if (!me.IsAuthenticated)
        {
            throw ProblemException.Unauthorized();
        }

        var topic = await TopicLookup.LoadForUpdateAsync(session, groupId, topicNumber, cancellationToken);
        var found = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == postNumber, cancellationToken)
            ?? throw ProblemException.NotFound($"Post {postNumber} of this topic");
        var post = (await RowLocks.LoadForUpdateAsync<Post>(session, found.Id, cancellationToken))!;
        var mine = post.AuthorId == me.Id && context.Can(GroupAction.Post);
        if (!mine && !context.Can(GroupAction.Moderate))
        {
            throw ProblemException.Forbidden("Only its author or the group's facilitators change a post.");
        }

        if (post.Deleted)
        {
            throw ProblemException.Conflict("This post was deleted.");
        }

        return (context, topic, post, !mine);
    }

    internal sealed class EditHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        MarkdownRenderer markdown) : IRequestHandler<Edit, int>
    {
        public async Task<int> Handle(Edit edit, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (context, topic, post, byModerator) = await LoadOwnAsync(session, bus, me, edit.GroupId, edit.TopicNumber, edit.PostNumber, cancellationToken);
            if (topic.Locked && !context.Can(GroupAction.Moderate))
            {
                throw ProblemException.Conflict("This topic is locked: its posts can no longer be edited.");
            }

            var now = clock.GetUtcNow();
            session.Store(new PostRevision
            {
                Id = Guid.CreateVersion7(), PostId = post.Id, Revision = post.Revision, Source = post.Source, Html = post.Html,
                WrittenBy = post.EditedBy ?? post.AuthorId, WrittenAt = post.EditedAt ?? post.CreatedAt, ReplacedBecause = edit.Reason?.Trim(),
            });
            var mentioned = await Posting.ResolveMentionsAsync(session, post.GroupId, post.AuthorId, edit.Body, cancellationToken);
            var newMentions = mentioned.MemberIds.Except(post.Mentions).ToList();
            post.Source = edit.Body;
            post.Html = Posting.Render(markdown, edit.Body, mentioned);
            post.Links = Posting.CountLinks(post.Html);
            post.Mentions = [.. post.Mentions.Union(mentioned.MemberIds)];
            post.Revision++;
            post.EditedAt = now;
            post.EditedBy = me.Id;
            session.Store(post);
            if (byModerator)
            {
                ModerationLog.Write(session, post.GroupId, now, me.Id, "edited", topic, post, edit.Reason?.Trim());
            }

            await bus.PublishAsync(new PostEdited(post.GroupId, topic.Id, post.Id, post.Number, me.Id, post.Revision, newMentions,
                Topic.PathFor(context.Group.Slug, topic.Number, post.Number), now));
            if (!post.Hidden)
            {
                await bus.PublishAsync(Search.DiscussionsSearchFeed.Changed(topic, post, context.Group.Slug, now));
            }

            await session.SaveChangesAsync(cancellationToken);
            return post.Revision;
        }
    }

    internal sealed class DeleteHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Delete, bool>
    {
        public async Task<bool> Handle(Delete delete, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (_, topic, post, byModerator) = await LoadOwnAsync(session, bus, me, delete.GroupId, delete.TopicNumber, delete.PostNumber, cancellationToken);
            var now = clock.GetUtcNow();
            await Removal.DeleteAsync(session, bus, topic, post, me.Id, delete.Reason.Trim(), byModerator, now);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class RevisionsHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<Revisions, IReadOnlyList<RevisionView>>
    {
        public async Task<IReadOnlyList<RevisionView>> Handle(Revisions query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, query.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, query.GroupId, query.TopicNumber, cancellationToken);
            var post = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == query.PostNumber, cancellationToken)
                ?? throw ProblemException.NotFound($"Post {query.PostNumber} of this topic");
            if (!post.Visible && !context.Can(GroupAction.Moderate))
            {
                throw ProblemException.Forbidden("The history of a hidden or deleted post is for facilitators.");
            }

            var earlier = await session.Query<PostRevision>().Where(r => r.PostId == post.Id).OrderBy(r => r.Revision).ToListAsync(cancellationToken);
            var names = await Names.LoadAsync(session, earlier.Select(r => r.WrittenBy).Append(post.EditedBy ?? post.AuthorId), cancellationToken);
            return earlier.Select(r => new RevisionView(r.Revision, r.Source, r.Html, r.WrittenBy, names.Of(r.WrittenBy), r.WrittenAt, r.ReplacedBecause, false))
                .Append(new RevisionView(post.Revision, post.Source, post.Html, post.EditedBy ?? post.AuthorId, names.Of(post.EditedBy ?? post.AuthorId),
                    post.EditedAt ?? post.CreatedAt, null, true))
                .ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string post = "/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts/{postNumber:int}";
            app.MapPut(post, async (Guid groupId, int topicNumber, int postNumber, Edit edit, IMediator mediator, CancellationToken cancellationToken) =>
                    Results.Ok(new
                    {
                        revision = await mediator.Send(edit with { GroupId = groupId, TopicNumber = topicNumber, PostNumber = postNumber }, cancellationToken),
                    }))
                .WithSummary("Edit a post (its author, or facilitators); the earlier version is kept.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost(post + "/delete", async (Guid groupId, int topicNumber, int postNumber, Delete delete, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(delete with { GroupId = groupId, TopicNumber = topicNumber, PostNumber = postNumber }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Delete a post with a reason; it keeps its place. Deleting the opening post deletes the topic.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet(post + "/revisions", async (Guid groupId, int topicNumber, int postNumber, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new Revisions(groupId, topicNumber, postNumber), cancellationToken), cursor, limit))
                .WithSummary("Every version of a post, oldest first; the last one is current.");
        }
    }
}

/// <summary>Hiding and deleting keep the topic's counters right, log what moderators did, and tell other modules.</summary>
internal static class Removal
{
    public static async Task DeleteAsync(IDocumentSession session, IMessageBus bus, Topic topic, Post post, Guid by, string reason, bool logged,
        DateTimeOffset now)
    {
        var wasVisibleReply = post.Visible && post.Number > 1;
        post.Deleted = true;
        post.DeletedReason = reason;
        post.DeletedBy = by;
        post.InReview = false;
        post.PendingFlaggers.Clear();
        session.Store(post);
        if (post.Number == 1)
        {
            topic.Deleted = true;
        }
        else if (wasVisibleReply)
        {
            topic.ReplyCount--;
        }

        if (topic.AcceptedPostNumber == post.Number)
        {
            topic.AcceptedPostNumber = null;
        }

        session.Store(topic.Indexed());
        if (logged)
        {
            ModerationLog.Write(session, post.GroupId, now, by, "deleted", topic, post, reason);
        }

        await bus.PublishAsync(new PostDeleted(post.GroupId, topic.Id, post.Id, post.Number, post.AuthorId, by, reason, now));
    }

    public static async Task HideAsync(IDocumentSession session, IMessageBus bus, Topic topic, Post post, Guid? by, string reason, DateTimeOffset now)
    {
        if (post.Hidden)
        {
            return;
        }

        post.Hidden = true;
        post.HiddenReason = reason;
        session.Store(post);
        if (post.Number > 1 && !post.Deleted)
        {
            topic.ReplyCount--;
            session.Store(topic.Indexed());
        }

        ModerationLog.Write(session, post.GroupId, now, by, "hidden", topic, post, reason);
        await bus.PublishAsync(new PostHidden(post.GroupId, topic.Id, post.Id, post.Number, post.AuthorId, by, reason, now));
    }

    public static void Unhide(IDocumentSession session, Topic topic, Post post)
    {
        if (!post.Hidden)
        {
            return;
        }

        post.Hidden = false;
        post.HiddenReason = null;
        session.Store(post);
        if (post.Number > 1 && !post.Deleted)
        {
            topic.ReplyCount++;
            session.Store(topic.Indexed());
        }
    }
}
