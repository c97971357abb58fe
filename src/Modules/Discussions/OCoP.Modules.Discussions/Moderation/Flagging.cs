using OCoP.Modules.Membership.Access;
using OCoP.BuildingBlocks.Persistence;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Posts;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Discussions.Moderation;

/// <summary>
/// Members flag posts; flagged posts wait in the group's review queue, and enough distinct flaggers hide a post until a
/// facilitator approves, hides, deletes it or warns its author (citing the code of conduct).
/// </summary>
internal static class Flagging
{
    internal sealed record FlagPost(FlagReason Reason, int? Clause, string? Text) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int PostNumber { get; init; }
    }

    internal sealed record Queue(Guid GroupId) : IRequest<IReadOnlyList<ReviewItem>>;

    internal sealed record ReviewItem(Guid PostId, int TopicNumber, string TopicTitle, int PostNumber, Guid AuthorId, string AuthorName,
        string Source, string Html, bool Hidden, IReadOnlyList<FlagView> Flags, string Path);

    internal sealed record FlagView(Guid FlaggedBy, string FlaggedByName, FlagReason Reason, int? Clause, string? ClauseText, string? Text,
        DateTimeOffset FlaggedAt);

    internal enum ReviewAction
    {
        Approve,
        Hide,
        Delete,
        Warn,
    }

    internal sealed record Resolve(ReviewAction Action, int? Clause, string? Message) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid PostId { get; init; }
    }

    internal sealed class FlagValidator : AbstractValidator<FlagPost>
    {
        public FlagValidator()
        {
            RuleFor(f => f.Reason).IsInEnum();
            RuleFor(f => f.Clause).NotNull().GreaterThan(0).When(f => f.Reason == FlagReason.CodeOfConduct)
                .WithMessage("Name the clause of the code of conduct the post breaks.");
            RuleFor(f => f.Text).NotEmpty().When(f => f.Reason == FlagReason.Other).WithMessage("Say what is wrong.");
            RuleFor(f => f.Text).MaximumLength(1000);
        }
    }

    internal sealed class ResolveValidator : AbstractValidator<Resolve>
    {
        public ResolveValidator()
        {
            RuleFor(r => r.Action).IsInEnum();
            RuleFor(r => r.Message).NotEmpty().When(r => r.Action == ReviewAction.Warn).WithMessage("Tell the author what to change.");
            RuleFor(r => r.Message).MaximumLength(1000);
        }
    }

    private static void RequireClause(ForumGroup group, int? clause, string field)
    {
        if (clause is { } number && (number < 1 || number > group.CodeOfConductClauses.Count))
        {
            throw ProblemException.Invalid(field, group.CodeOfConductClauses.Count == 0
                ? "This group has no code of conduct."
                : $"The code of conduct has clauses 1 to {group.CodeOfConductClauses.Count}.");
        }
    }

    internal sealed class FlagHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock,
        IOptions<DiscussionsOptions> options) : IRequestHandler<FlagPost, bool>
    {
        public async Task<bool> Handle(FlagPost flag, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadToWriteAsync(session, bus, flag.GroupId, me, cancellationToken)).RequireRead().RequireWritable();
            if (!context.IsMember && !context.IsSiteAdministrator)
            {
                throw me.IsAuthenticated ? ProblemException.Forbidden($"Members of {context.Group.Name} flag its posts.") : ProblemException.Unauthorized();
            }

            RequireClause(context.Forum, flag.Reason == FlagReason.CodeOfConduct ? flag.Clause : null, "clause");
            var topic = await TopicLookup.LoadForUpdateAsync(session, flag.GroupId, flag.TopicNumber, cancellationToken);
            var found = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == flag.PostNumber, cancellationToken)
                ?? throw ProblemException.NotFound($"Post {flag.PostNumber} of this topic");
            var post = (await RowLocks.LoadForUpdateAsync<Post>(session, found.Id, cancellationToken))!;
            if (post.AuthorId == me.Id)
            {
                throw ProblemException.Forbidden("You cannot flag your own post; edit or delete it instead.");
            }

            if (post.Deleted)
            {
                throw ProblemException.Conflict("This post was deleted.");
            }

            var id = Flag.IdFor(post.Id, me.Id);
            if (await session.LoadAsync<Flag>(id, cancellationToken) is { Resolution: null })
            {
                throw ProblemException.Conflict("You have already flagged this post; a facilitator will review it.");
            }

            var now = clock.GetUtcNow();
            session.Store(new Flag
            {
                Id = id, PostId = post.Id, GroupId = post.GroupId, FlaggedBy = me.Id, Reason = flag.Reason,
                Clause = flag.Reason == FlagReason.CodeOfConduct ? flag.Clause : null, Text = flag.Text?.Trim(), FlaggedAt = now,
            });
            post.PendingFlaggers.Add(me.Id);
            post.InReview = true;
            session.Store(post);
            var threshold = context.Forum.FlagThreshold ?? options.Value.DefaultFlagThreshold;
            if (post.PendingFlaggers.Count >= threshold)
            {
                await Removal.HideAsync(session, bus, topic, post, null,
                    $"Hidden until a facilitator reviews it: {post.PendingFlaggers.Count} members flagged it.", now);
            }

            await bus.PublishAsync(new ContentFlagged(post.GroupId, topic.Id, post.Id, post.Number, me.Id, flag.Reason,
                flag.Reason == FlagReason.CodeOfConduct ? flag.Clause : null, now));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class QueueHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<Queue, IReadOnlyList<ReviewItem>>
    {
        public async Task<IReadOnlyList<ReviewItem>> Handle(Queue queue, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, queue.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var posts = await session.Query<Post>().Where(p => p.GroupId == queue.GroupId && p.InReview).OrderBy(p => p.CreatedAt).Take(100)
                .ToListAsync(cancellationToken);
            if (posts.Count == 0)
            {
                return [];
            }

            var postIds = posts.Select(p => p.Id).ToArray();
            var flags = (await session.Query<Flag>().Where(f => f.PostId.IsOneOf(postIds) && f.Resolution == null).ToListAsync(cancellationToken))
                .ToLookup(f => f.PostId);
            var topics = (await session.LoadManyAsync<Topic>(cancellationToken, posts.Select(p => p.TopicId).Distinct().ToArray())).ToDictionary(t => t.Id);
            var names = await Names.LoadAsync(session, posts.Select(p => p.AuthorId).Concat(flags.SelectMany(f => f).Select(f => f.FlaggedBy)),
                cancellationToken);
            var clauses = context.Forum.CodeOfConductClauses;
            return posts.Where(p => topics.ContainsKey(p.TopicId)).Select(p =>
            {
                var topic = topics[p.TopicId];
                return new ReviewItem(p.Id, topic.Number, topic.Title, p.Number, p.AuthorId, names.Of(p.AuthorId), p.Source, p.Html, p.Hidden,
                    flags[p.Id].OrderBy(f => f.FlaggedAt).Select(f => new FlagView(f.FlaggedBy, names.Of(f.FlaggedBy), f.Reason, f.Clause,
                        f.Clause is { } c && c <= clauses.Count ? clauses[c - 1] : null, f.Text, f.FlaggedAt)).ToList(),
                    Topic.PathFor(context.Group.Slug, topic.Number, p.Number));
            }).ToList();
        }
    }

    internal sealed class ResolveHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Resolve, bool>
    {
        public async Task<bool> Handle(Resolve resolve, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadToWriteAsync(session, bus, resolve.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            RequireClause(context.Forum, resolve.Clause, "clause");
            var found = await session.LoadAsync<Post>(resolve.PostId, cancellationToken);
            if (found is null || found.GroupId != resolve.GroupId)
            {
                throw ProblemException.NotFound("The post");
            }

            var topic = (await RowLocks.LoadForUpdateAsync<Topic>(session, found.TopicId, cancellationToken))!;
            var post = (await RowLocks.LoadForUpdateAsync<Post>(session, found.Id, cancellationToken))!;
            if (post.Deleted)
            {
                throw ProblemException.Conflict("This post was deleted.");
            }

            var now = clock.GetUtcNow();
            var message = resolve.Message?.Trim();
            switch (resolve.Action)
            {
                case ReviewAction.Approve:
                    if (post.Hidden)
                    {
                        Removal.Unhide(session, topic, post);
                        // Found again by search: a newer change than the hiding it undoes.
                        await bus.PublishAsync(Search.DiscussionsSearchFeed.Changed(topic, post, context.Group.Slug, now));
                    }

                    ModerationLog.Write(session, post.GroupId, now, me.Id, "approved", topic, post, message);
                    break;
                case ReviewAction.Hide when post.Hidden:
                    // Hidden by the flags "until a facilitator reviews it": the review decides, says why, and is logged.
                    post.HiddenReason = message ?? "Hidden by a facilitator.";
                    ModerationLog.Write(session, post.GroupId, now, me.Id, "hidden", topic, post, post.HiddenReason);
                    break;
                case ReviewAction.Hide:
                    await Removal.HideAsync(session, bus, topic, post, me.Id, message ?? "Hidden by a facilitator.", now);
                    break;
                case ReviewAction.Delete:
                    await Removal.DeleteAsync(session, bus, topic, post, me.Id, message ?? "Deleted by a facilitator.", logged: true, now);
                    break;
                case ReviewAction.Warn:
                    ModerationLog.Write(session, post.GroupId, now, me.Id, "warned", topic, post, message, resolve.Clause);
                    await bus.PublishAsync(new AuthorWarned(post.GroupId, post.AuthorId, post.Id, me.Id, resolve.Clause, message!, now));
                    break;
            }

            var pending = await session.Query<Flag>().Where(f => f.PostId == post.Id && f.Resolution == null).ToListAsync(cancellationToken);
            foreach (var flag in pending)
            {
                flag.Resolution = resolve.Action.ToString();
                session.Store(flag);
            }

            post.PendingFlaggers.Clear();
            post.InReview = false;
            session.Store(post);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts/{postNumber:int}/flags", async (Guid groupId, int topicNumber,
                    int postNumber, FlagPost flag, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(flag with { GroupId = groupId, TopicNumber = topicNumber, PostNumber = postNumber }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Flag a post: Spam, OffTopic, CodeOfConduct (with the clause number) or Other (with text).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/discussions/groups/{groupId:guid}/review", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new Queue(groupId), cancellationToken), cursor, limit))
                .WithSummary("Flagged posts waiting for review, oldest first (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/discussions/groups/{groupId:guid}/review/{postId:guid}/resolve", async (Guid groupId, Guid postId, Resolve resolve,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(resolve with { GroupId = groupId, PostId = postId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Resolve a flagged post: Approve (and show it again), Hide, Delete, or Warn its author citing a clause (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
