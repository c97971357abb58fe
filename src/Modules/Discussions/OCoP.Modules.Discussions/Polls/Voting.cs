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
using OCoP.Modules.Discussions.Moderation;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Discussions.Polls;

/// <summary>Vote in a topic's poll (once, changeable until it closes), see who voted (unless anonymous), close it.</summary>
internal static class Voting
{
    /// <summary><see cref="Change"/> false casts a first vote (a second is a 409); true replaces the vote already cast.</summary>
    internal sealed record Vote(IReadOnlyList<int> Choices) : IRequest<ReadTopic.PollView>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public bool Change { get; init; }
    }

    internal sealed record Voters(Guid GroupId, int TopicNumber) : IRequest<IReadOnlyList<Voter>>;

    internal sealed record Voter(Guid MemberId, string DisplayName, IReadOnlyList<int> Choices);

    internal sealed record Close(Guid GroupId, int TopicNumber) : IRequest<bool>;

    internal sealed class VoteHandler(IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Vote, ReadTopic.PollView>
    {
        public async Task<ReadTopic.PollView> Handle(Vote vote, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = (await ForumAccess.LoadAsync(session, vote.GroupId, me, cancellationToken)).Require(ForumAction.Post).RequireWritable();
            var topic = await TopicLookup.LoadAsync(session, vote.GroupId, vote.TopicNumber, cancellationToken);
            var poll = topic.PollId is { } pollId
                ? await RowLocks.LoadForUpdateAsync<Poll>(session, pollId, cancellationToken)
                : null;
            if (poll is null)
            {
                throw ProblemException.NotFound("A poll in this topic");
            }

            var now = clock.GetUtcNow();
            if (poll.Closed || poll.ClosesAt <= now || topic.Closed)
            {
                throw ProblemException.Conflict("The poll is closed.");
            }

            var choices = vote.Choices ?? [];
            if (choices.Count == 0 || choices.Distinct().Count() != choices.Count || choices.Any(c => c < 0 || c >= poll.Options.Count))
            {
                throw ProblemException.Invalid("choices", $"Choose among options 0 to {poll.Options.Count - 1}, each once.");
            }

            if (!poll.MultipleChoice && choices.Count > 1)
            {
                throw ProblemException.Invalid("choices", "This poll takes one choice.");
            }

            var id = PollVote.IdFor(poll.Id, me.Id);
            var existing = await session.LoadAsync<PollVote>(id, cancellationToken);
            if (existing is not null && !vote.Change)
            {
                throw ProblemException.Conflict("You have already voted; change your vote instead.");
            }

            if (existing is null && vote.Change)
            {
                throw ProblemException.NotFound("Your vote");
            }

            foreach (var choice in existing?.Choices ?? [])
            {
                poll.Counts[choice]--;
            }

            foreach (var choice in choices)
            {
                poll.Counts[choice]++;
            }

            poll.Voters += existing is null ? 1 : 0;
            var cast = new PollVote { Id = id, PollId = poll.Id, MemberId = me.Id, Choices = [.. choices.Order()], At = now };
            session.Store(poll);
            session.Store(cast);
            await session.SaveChangesAsync(cancellationToken);
            return ReadTopic.PollViewOf(context, topic, poll, cast, now);
        }
    }

    internal sealed class VotersHandler(IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Voters, IReadOnlyList<Voter>>
    {
        public async Task<IReadOnlyList<Voter>> Handle(Voters query, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = (await ForumAccess.LoadAsync(session, query.GroupId, me, cancellationToken)).RequireRead();
            var topic = await TopicLookup.LoadAsync(session, query.GroupId, query.TopicNumber, cancellationToken);
            var poll = (topic.PollId is { } pollId ? await session.LoadAsync<Poll>(pollId, cancellationToken) : null)
                ?? throw ProblemException.NotFound("A poll in this topic");
            if (poll.Anonymous)
            {
                throw ProblemException.Forbidden("This poll is anonymous: nobody sees who voted for what.");
            }

            var mine = context.ViewerId is { } viewer ? await session.LoadAsync<PollVote>(PollVote.IdFor(poll.Id, viewer), cancellationToken) : null;
            var closed = poll.Closed || poll.ClosesAt <= clock.GetUtcNow();
            if (mine is null && !closed)
            {
                throw ProblemException.Forbidden("Vote first, or wait for the poll to close, to see the results.");
            }

            var votes = await session.Query<PollVote>().Where(v => v.PollId == poll.Id).OrderBy(v => v.At).Take(5000).ToListAsync(cancellationToken);
            var names = await Names.LoadAsync(session, votes.Select(v => v.MemberId), cancellationToken);
            return votes.Select(v => new Voter(v.MemberId, names.Of(v.MemberId), v.Choices)).ToList();
        }
    }

    internal sealed class CloseHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Close, bool>
    {
        public async Task<bool> Handle(Close close, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadAsync(session, close.GroupId, me, cancellationToken)).RequireRead().RequireWritable();
            var topic = await TopicLookup.LoadAsync(session, close.GroupId, close.TopicNumber, cancellationToken);
            if (topic.AuthorId != me.Id || !context.IsMember)
            {
                context.Require(ForumAction.Moderate);
            }

            var poll = (topic.PollId is { } pollId ? await RowLocks.LoadForUpdateAsync<Poll>(session, pollId, cancellationToken) : null)
                ?? throw ProblemException.NotFound("A poll in this topic");
            if (poll.Closed)
            {
                throw ProblemException.Conflict("The poll is already closed.");
            }

            await bus.PublishAsync(PollClosingHandler.Close(session, poll, context.Group.Slug, topic.Number, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string poll = "/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/poll";
            app.MapPost(poll + "/votes", (Guid groupId, int topicNumber, Vote vote, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(vote with { GroupId = groupId, TopicNumber = topicNumber, Change = false }, cancellationToken))
                .WithSummary("Vote (choices are option indexes). Once: change a vote with PUT .../votes/mine.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut(poll + "/votes/mine", (Guid groupId, int topicNumber, Vote vote, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(vote with { GroupId = groupId, TopicNumber = topicNumber, Change = true }, cancellationToken))
                .WithSummary("Change your vote, until the poll closes.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet(poll + "/votes", async (Guid groupId, int topicNumber, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    CursorPage.Of(await mediator.Send(new Voters(groupId, topicNumber), cancellationToken), cursor, limit))
                .WithSummary("Who voted for what (not for anonymous polls), after voting or after the poll closed.");

            app.MapPost(poll + "/close", async (Guid groupId, int topicNumber, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Close(groupId, topicNumber), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Close the poll now (the topic's author or facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>Closes a poll at its closing time: a durable scheduled message, so a restart does not skip it. Public for Wolverine.</summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class PollClosingHandler
{
    public sealed record PollCloseDue(Guid PollId);

    /// <summary>Answers the <see cref="PollClosed"/> event for Wolverine to publish with the transaction, or null when there is nothing to do.</summary>
    public static async Task<PollClosed?> Handle(PollCloseDue due, IDocumentSession session, TimeProvider clock)
    {
        var poll = await RowLocks.LoadForUpdateAsync<Poll>(session, due.PollId, CancellationToken.None);
        var now = clock.GetUtcNow();
        if (poll is null || poll.Closed || poll.ClosesAt > now)
        {
            return null; // closed by hand already, or not yet time
        }

        var topic = await session.LoadAsync<Topic>(poll.TopicId);
        var group = await session.LoadAsync<ForumGroup>(poll.GroupId);
        return Close(session, poll, group?.Slug ?? "", topic?.Number ?? 0, now);
    }

    internal static PollClosed Close(IDocumentSession session, Poll poll, string groupSlug, int topicNumber, DateTimeOffset now)
    {
        poll.Closed = true;
        poll.ClosedAt = now;
        session.Store(poll);
        return new PollClosed(poll.GroupId, poll.TopicId, poll.Id, Topic.PathFor(groupSlug, topicNumber), now);
    }
}
