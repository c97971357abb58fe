using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>
/// Turns other modules' integration events into activity items and writes the followers' feed entries as they arrive
/// (<see cref="ActivityRecorder"/>). Knowledge and Events will add their own Handle methods producing the same
/// <see cref="ActivityDraft"/>. Runs in its own queue. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class ActivityHandler
{
    public static Task Handle(TopicCreated created, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        return ActivityRecorder.RecordAsync(session, new ActivityDraft($"topic/{created.TopicId:N}", created.AuthorId, created.GroupId, ActivityVerb.StartedTopic,
            created.Title, null, created.Path, new[] { created.TopicId }, created.Tags, created.CreatedAt, created.TopicId),
            BatchSize(configuration), cancellationToken);
    }

    public static async Task Handle(PostCreated created, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        if (created.PostNumber <= 1)
        {
            return; // the opening post is the topic, recorded from TopicCreated
        }

        var topic = await session.LoadAsync<KnownTopic>(created.TopicId, cancellationToken);
        await ActivityRecorder.RecordAsync(session, new ActivityDraft($"post/{created.PostId:N}", created.AuthorId, created.GroupId, ActivityVerb.Replied,
            created.TopicTitle, null, created.Path, [created.TopicId, created.PostId], topic?.Tags ?? [], created.CreatedAt, created.TopicId),
            BatchSize(configuration), cancellationToken);
    }

    public static async Task Handle(AnswerAccepted accepted, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var topic = await session.LoadAsync<KnownTopic>(accepted.TopicId, cancellationToken);
        await ActivityRecorder.RecordAsync(session, new ActivityDraft($"answer/{accepted.PostId:N}/{accepted.AcceptedAt.UtcTicks}", accepted.AcceptedBy,
            accepted.GroupId, ActivityVerb.AnswerAccepted, topic?.Title ?? "A question", null, accepted.Path, [accepted.TopicId, accepted.PostId],
            topic?.Tags ?? [], accepted.AcceptedAt, accepted.TopicId), BatchSize(configuration), cancellationToken);
    }

    public static async Task Handle(MemberJoinedGroup joined, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(joined.GroupId, cancellationToken);
        await ActivityRecorder.RecordAsync(session, new ActivityDraft($"joined/{joined.GroupId:N}/{joined.MemberId:N}/{joined.JoinedAt.UtcTicks}",
            joined.MemberId, joined.GroupId, ActivityVerb.JoinedGroup, group?.Name ?? "a group", null, group is null ? "/groups" : $"/groups/{group.Slug}",
            new[] { joined.GroupId }, [], joined.JoinedAt), BatchSize(configuration), cancellationToken);
    }

    public static Task Handle(PostHidden hidden, IDocumentSession session, CancellationToken cancellationToken) =>
        HideAsync(session, hidden.PostNumber <= 1 ? $"topic/{hidden.TopicId:N}" : $"post/{hidden.PostId:N}", cancellationToken);

    public static Task Handle(PostDeleted deleted, IDocumentSession session, CancellationToken cancellationToken) =>
        HideAsync(session, deleted.PostNumber <= 1 ? $"topic/{deleted.TopicId:N}" : $"post/{deleted.PostId:N}", cancellationToken);

    /// <summary>Hides the item (feed entries stay, and are skipped when read): the stream never shows a post its forum hides.</summary>
    private static async Task HideAsync(IDocumentSession session, string key, CancellationToken cancellationToken)
    {
        var item = await session.LoadAsync<ActivityItem>(ActivityItem.IdFor(key), cancellationToken);
        if (item is { Hidden: false })
        {
            item.Hidden = true;
            session.Store(item);
        }
    }

    private static int BatchSize(IConfiguration configuration) =>
        configuration.GetSection(EngagementOptions.Section).GetValue<int?>(nameof(EngagementOptions.FanOutBatchSize)) ?? new EngagementOptions().FanOutBatchSize;
}
