using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using OCoP.BuildingBlocks.Persistence;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Moderation;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>Facilitators pin a topic (first in the group's list), lock it (no new replies) or close it (finished).</summary>
internal static class TopicState
{
    internal sealed record Change(bool? Pinned, bool? Locked, bool? Closed, string? Reason) : IRequest<State>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
    }

    internal sealed record State(bool Pinned, bool Locked, bool Closed);

    internal sealed class Validator : AbstractValidator<Change>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(300);
    }

    internal sealed class Handler(IMessageBus bus, IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Change, State>
    {
        public async Task<State> Handle(Change change, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            (await ForumAccess.LoadToWriteAsync(session, bus, change.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            var topic = await TopicLookup.LoadForUpdateAsync(session, change.GroupId, change.TopicNumber, cancellationToken);
            var now = clock.GetUtcNow();
            var reason = change.Reason?.Trim();

            void Apply(bool? wanted, bool current, Action<bool> set, string on, string off)
            {
                if (wanted is { } value && value != current)
                {
                    set(value);
                    ModerationLog.Write(session, topic.GroupId, now, me.Id, value ? on : off, topic, reason: reason);
                }
            }

            Apply(change.Pinned, topic.Pinned, v => topic.Pinned = v, "pinned", "unpinned");
            Apply(change.Locked, topic.Locked, v => topic.Locked = v, "locked", "unlocked");
            Apply(change.Closed, topic.Closed, v =>
            {
                topic.Closed = v;
                topic.ClosedReason = v ? reason : null;
            }, "closed", "reopened");
            session.Store(topic.Indexed());
            await session.SaveChangesAsync(cancellationToken);
            return new State(topic.Pinned, topic.Locked, topic.Closed);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/state", (Guid groupId, int topicNumber, Change change, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(change with { GroupId = groupId, TopicNumber = topicNumber }, cancellationToken))
                .WithSummary("Pin, lock or close a topic, or undo it (facilitators); each change goes to the moderation log.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}

/// <summary>
/// Auto-close: in groups whose forum sets <c>AutoCloseAfterIdleDays</c>, a topic with no new post for that long is
/// closed. Idempotent; a recurring job every <c>Discussions:AutoCloseSweepMinutes</c>, once per period however many hosts
/// run (docs/adr/0012). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class AutoCloseHandler
{
    public const string JobId = "discussions/auto-close-sweep";

    /// <summary>Without a token: one sweep now (tests, operators). With one: the recurring job's run, skipped when stale.</summary>
    public sealed record SweepIdleTopics
    {
        public Guid? Token { get; init; }
    }

    public static async Task Handle(SweepIdleTopics sweep, IDocumentSession session, IMessageContext bus, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (sweep.Token is { } token &&
            !await RecurringJobs.ClaimRunAsync(session, bus, JobId, token, next => new SweepIdleTopics { Token = next }, now, CancellationToken.None))
        {
            return;
        }

        var groups = await session.Query<ForumGroup>().Where(g => g.AutoCloseAfterIdleDays != null).ToListAsync();
        var readOnly = (await GroupReaders.LoadAsync(session, groups.Select(g => g.Id), CancellationToken.None)).Values
            .Where(g => g.Status is GroupStatus.Archived or GroupStatus.Closed).Select(g => g.Id).ToHashSet();
        foreach (var group in groups.Where(g => !readOnly.Contains(g.Id)))
        {
            var idleSince = now.AddDays(-group.AutoCloseAfterIdleDays!.Value);
            var idle = await session.Query<Topic>()
                .Where(t => t.GroupId == group.Id && !t.Closed && !t.Deleted && t.LastPostAt < idleSince)
                .Select(t => t.Id).Take(500).ToListAsync();
            foreach (var id in idle)
            {
                // Locked and checked again: a reply may have arrived since the query.
                var topic = await RowLocks.LoadForUpdateAsync<Topic>(session, id, CancellationToken.None);
                if (topic is null || topic.Closed || topic.LastPostAt >= idleSince)
                {
                    continue;
                }

                topic.Closed = true;
                topic.ClosedReason = $"Closed automatically after {group.AutoCloseAfterIdleDays} days without a new post.";
                session.Store(topic.Indexed());
                ModerationLog.Write(session, group.Id, now, null, "closed", topic, reason: topic.ClosedReason);
            }
        }
    }
}
