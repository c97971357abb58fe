using OCoP.BuildingBlocks.Persistence;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    internal sealed class Handler(IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Change, State>
    {
        public async Task<State> Handle(Change change, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            (await ForumAccess.LoadAsync(session, change.GroupId, me, cancellationToken)).Require(ForumAction.Moderate).RequireWritable();
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
/// closed. Idempotent; sent every <c>Discussions:AutoCloseSweepMinutes</c> by <see cref="AutoCloseSweeps"/>.
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class AutoCloseHandler
{
    public sealed record SweepIdleTopics;

    public static async Task Handle(SweepIdleTopics sweep, IDocumentSession session, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var groups = await session.Query<ForumGroup>().Where(g => g.AutoCloseAfterIdleDays != null).ToListAsync();
        foreach (var group in groups.Where(g => !g.IsReadOnly))
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

internal sealed class AutoCloseSweeps(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<AutoCloseSweeps> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue($"{DiscussionsOptions.Section}:AutoCloseSweepMinutes", 60);
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new AutoCloseHandler.SweepIdleTopics());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not send the auto-close sweep; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
