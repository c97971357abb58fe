using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Moderation;

/// <summary>
/// A flagged chat message waiting in the group's review queue: kept from Engagement's <c>ChatMessageFlagged</c> (the chat
/// is Engagement's; only what the queue shows is copied here). Id is the chat message's id.
/// </summary>
internal sealed class ChatFlagReview
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid ChannelId { get; set; }
    public string ChannelName { get; set; } = "";
    public int MessageNumber { get; set; }
    public Guid AuthorId { get; set; }
    public string Excerpt { get; set; } = "";
    public List<ChatFlagEntry> Flags { get; set; } = [];
    public DateTimeOffset FirstFlaggedAt { get; set; }

    /// <summary>True while waiting for a facilitator; a later flag puts a resolved message back in the queue.</summary>
    public bool Pending { get; set; }

    /// <summary>Hidden in the chat until a facilitator decides: the pending flags reached the forum's threshold.</summary>
    public bool Held { get; set; }

    /// <summary>What was decided last (Dismiss, Delete; Deleted when the message went in the chat first).</summary>
    public string? Resolution { get; set; }
}

internal sealed class ChatFlagEntry
{
    public Guid FlaggedBy { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset FlaggedAt { get; set; }
    public bool Resolved { get; set; }
}

/// <summary>
/// Chat messages in the group's review queue (docs/adr/0072): the flags members raise in chat wait here beside flagged
/// posts; a facilitator dismisses them or deletes the message, and the decision reaches the chat as
/// <see cref="ChatFlagResolved"/> (Engagement deletes the message, and its removal is logged as any other).
/// </summary>
internal static class ChatReview
{
    internal sealed record Queue(Guid GroupId) : IRequest<IReadOnlyList<ChatReviewItem>>;

    internal sealed record ChatReviewItem(Guid MessageId, Guid ChannelId, string ChannelName, int MessageNumber, Guid AuthorId, string AuthorName,
        string Excerpt, IReadOnlyList<ChatFlagView> Flags, string Path);

    internal sealed record ChatFlagView(Guid FlaggedBy, string FlaggedByName, string Reason, DateTimeOffset FlaggedAt);

    internal sealed record Resolve(ChatFlagDecision Decision, string? Message) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MessageId { get; init; }
    }

    internal sealed class ResolveValidator : AbstractValidator<Resolve>
    {
        public ResolveValidator()
        {
            RuleFor(r => r.Decision).IsInEnum();
            RuleFor(r => r.Message).MaximumLength(1000);
        }
    }

    /// <summary>The chat page of the message (Engagement's page, by the group's slug).</summary>
    public static string PathFor(string slug, Guid channelId, int number) => $"/groups/{slug}/chat?channel={channelId}#m{number}";

    /// <summary>
    /// A member's flag on a chat message, from Engagement: the message waits in the queue (once per flagger until resolved).
    /// When the distinct pending flaggers reach <paramref name="threshold"/> (the forum's, as for posts), the chat is told to
    /// hide the message until a facilitator decides: the answer, once per review round.
    /// </summary>
    public static async Task<ChatMessageHeldForReview?> FlaggedAsync(IDocumentSession session, Engagement.Contracts.ChatMessageFlagged flagged, int threshold,
        CancellationToken cancellationToken)
    {
        var review = await RowLocks.LoadForUpdateAsync<ChatFlagReview>(session, flagged.MessageId, cancellationToken);
        var isNew = review is null;
        review ??= new ChatFlagReview
        {
            Id = flagged.MessageId, GroupId = flagged.GroupId, ChannelId = flagged.ChannelId, ChannelName = flagged.ChannelName,
            MessageNumber = flagged.MessageNumber, AuthorId = flagged.AuthorId, FirstFlaggedAt = flagged.FlaggedAt,
        };
        if (review.Resolution == "Deleted" || review.Flags.Any(f => f.FlaggedBy == flagged.FlaggedBy && f.FlaggedAt == flagged.FlaggedAt))
        {
            return null; // the message is gone, or this flag is here already (a redelivery)
        }

        review.Excerpt = flagged.Excerpt;
        review.Flags.RemoveAll(f => f.FlaggedBy == flagged.FlaggedBy && !f.Resolved);
        review.Flags.Add(new ChatFlagEntry { FlaggedBy = flagged.FlaggedBy, Reason = flagged.Reason, FlaggedAt = flagged.FlaggedAt });
        review.Pending = true;
        var flaggers = review.Flags.Where(f => !f.Resolved).Select(f => f.FlaggedBy).Distinct().Count();
        var hold = !review.Held && flaggers >= threshold;
        review.Held |= hold;
        RowLocks.Save(session, review, isNew);
        return hold ? new ChatMessageHeldForReview(review.GroupId, review.ChannelId, review.Id, review.MessageNumber, flaggers, flagged.FlaggedAt) : null;
    }

    /// <summary>The message was deleted in the chat (by a facilitator there, or by a decision here): it leaves the queue.</summary>
    public static async Task RemovedAsync(IDocumentSession session, Guid messageId, CancellationToken cancellationToken)
    {
        var review = await RowLocks.LoadForUpdateAsync<ChatFlagReview>(session, messageId, cancellationToken);
        if (review is null || !review.Pending)
        {
            return;
        }

        review.Pending = false;
        review.Held = false;
        review.Resolution = "Deleted";
        review.Flags.ForEach(f => f.Resolved = true);
        session.Store(review);
    }

    internal sealed class QueueHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<Queue, IReadOnlyList<ChatReviewItem>>
    {
        public async Task<IReadOnlyList<ChatReviewItem>> Handle(Queue queue, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, bus, queue.GroupId, me, cancellationToken)).Require(GroupAction.Moderate);
            var reviews = await session.Query<ChatFlagReview>().Where(r => r.GroupId == queue.GroupId && r.Pending).OrderBy(r => r.FirstFlaggedAt)
                .Take(100).ToListAsync(cancellationToken);
            var names = await Names.LoadAsync(session, reviews.Select(r => r.AuthorId).Concat(reviews.SelectMany(r => r.Flags).Select(f => f.FlaggedBy)),
                cancellationToken);
            return reviews.Select(r => new ChatReviewItem(r.Id, r.ChannelId, r.ChannelName, r.MessageNumber, r.AuthorId, names.Of(r.AuthorId), r.Excerpt,
                r.Flags.Where(f => !f.Resolved).OrderBy(f => f.FlaggedAt)
                    .Select(f => new ChatFlagView(f.FlaggedBy, names.Of(f.FlaggedBy), f.Reason, f.FlaggedAt)).ToList(),
                PathFor(context.Group.Slug, r.ChannelId, r.MessageNumber))).ToList();
        }
    }

    internal sealed class ResolveHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Resolve, bool>
    {
        public async Task<bool> Handle(Resolve resolve, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            (await ForumAccess.LoadToWriteAsync(session, bus, resolve.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            var review = await RowLocks.LoadForUpdateAsync<ChatFlagReview>(session, resolve.MessageId, cancellationToken);
            if (review is null || review.GroupId != resolve.GroupId)
            {
                throw ProblemException.NotFound("The flagged chat message");
            }

            if (!review.Pending)
            {
                throw ProblemException.Conflict(review.Resolution == "Deleted" ? "This chat message was deleted." : "These flags were resolved already.");
            }

            var now = clock.GetUtcNow();
            var reason = resolve.Message?.Trim() is { Length: > 0 } message
                ? message
                : resolve.Decision == ChatFlagDecision.Delete ? "Deleted after review of the flags." : "Flags dismissed.";
            review.Pending = false;
            review.Held = false; // dismissed, the chat shows it again; deleted, it is gone
            review.Resolution = resolve.Decision.ToString();
            review.Flags.ForEach(f => f.Resolved = true);
            session.Store(review);
            if (resolve.Decision == ChatFlagDecision.Dismiss)
            {
                var id = Guid.CreateVersion7(now);
                session.Store(new ModerationLogEntry
                {
                    Id = id, GroupId = review.GroupId, At = now, ModeratorId = me.Id, MemberId = review.AuthorId, Reason = reason,
                    Action = $"chat flags dismissed (#{review.ChannelName}, message {review.MessageNumber})", SortKey = $"{now.UtcTicks:D19}{id:N}",
                });
            }

            // A deletion is logged when the chat has deleted the message (ChatMessageRemovedByModerator), as any facilitator's removal.
            await bus.PublishAsync(new ChatFlagResolved(review.GroupId, review.ChannelId, review.Id, review.MessageNumber, resolve.Decision, me.Id, reason,
                now));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/discussions/groups/{groupId:guid}/review/chat-messages", async (Guid groupId, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => CursorPage.Of(await mediator.Send(new Queue(groupId), cancellationToken), cursor, limit))
                .WithSummary("Flagged chat messages waiting for review, oldest first, each with a link to the message in the chat (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/discussions/groups/{groupId:guid}/review/chat-messages/{messageId:guid}/resolve", async (Guid groupId, Guid messageId,
                    Resolve resolve, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(resolve with { GroupId = groupId, MessageId = messageId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Resolve the flags on a chat message: Dismiss (it stays) or Delete (the chat deletes it; logged), with an optional message (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
