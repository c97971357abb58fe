using Marten;
using OCoP.Modules.Engagement.Follows;

namespace OCoP.Modules.Engagement.Activity;

/// <summary>What a module reports as having happened; the one shape every source (Discussions, Membership, later
/// Knowledge and Events) is turned into.</summary>
internal sealed record ActivityDraft(
    string Key,
    Guid ActorId,
    Guid? GroupId,
    ActivityVerb Verb,
    string Title,
    string? Excerpt,
    string Path,
    IReadOnlyList<Guid> SubjectIds,
    IReadOnlyList<string> Tags,
    DateTimeOffset At,
    Guid? TopicId = null);

/// <summary>
/// Records one activity and fans it out to the home feeds of the actor's, group's, topic's and tags' followers, in the
/// caller's session (the caller saves): one query to find the item (a redelivery records nothing twice), one to load
/// every follow that matches, then the entries in batches of <see cref="EngagementOptions.FanOutBatchSize"/>.
/// Followers who muted any of those are left out, and so is the actor.
/// </summary>
internal static class ActivityRecorder
{
    public static async Task<int> RecordAsync(IDocumentSession session, ActivityDraft draft, int batchSize, CancellationToken cancellationToken)
    {
        var id = ActivityItem.IdFor(draft.Key);
        if (await session.LoadAsync<ActivityItem>(id, cancellationToken) is not null)
        {
            return 0;
        }

        var tags = draft.Tags.Select(Follow.TargetIdFor).Where(t => t.Length > 0).Distinct().ToArray();
        var item = new ActivityItem
        {
            Id = id,
            ActorId = draft.ActorId,
            GroupId = draft.GroupId,
            Verb = draft.Verb,
            Title = draft.Title,
            Excerpt = draft.Excerpt,
            Path = draft.Path,
            SubjectIds = [.. draft.SubjectIds],
            Tags = [.. tags],
            At = draft.At,
            Key = ActivityItem.KeyFor(draft.At, id),
        };
        session.Insert(item);

        var followers = await FollowersAsync(session, draft, tags, cancellationToken);
        var entries = followers.Select(member => new FeedEntry
        {
            Id = FeedEntry.IdFor(member, id),
            MemberId = member,
            ItemId = id,
            GroupId = draft.GroupId,
            Key = item.Key,
        }).ToList();
        foreach (var batch in entries.Chunk(Math.Max(1, batchSize)))
        {
            session.Store(batch);
        }

        return entries.Count;
    }

    /// <summary>Everyone following the actor, the group, the topic, a tag or the wiki page, in one query, less the muted and the actor.</summary>
    private static async Task<IReadOnlyList<Guid>> FollowersAsync(IQuerySession session, ActivityDraft draft, string[] tags, CancellationToken cancellationToken)
    {
        var actor = Follow.TargetIdFor(draft.ActorId);
        var group = draft.GroupId is { } g ? Follow.TargetIdFor(g) : "";
        var topic = draft.TopicId is { } t ? Follow.TargetIdFor(t) : "";
        var subjects = draft.SubjectIds.Select(Follow.TargetIdFor).ToArray(); // a followed wiki page is one of them
        var follows = await session.Query<Follow>()
            .Where(f => (f.Target == FollowTarget.Member && f.TargetId == actor)
                || (f.Target == FollowTarget.Group && f.TargetId == group)
                || (f.Target == FollowTarget.Topic && f.TargetId == topic)
                || (f.Target == FollowTarget.Tag && tags.Contains(f.TargetId))
                || (f.Target == FollowTarget.WikiPage && subjects.Contains(f.TargetId)))
            .Select(f => new { f.MemberId, f.Level })
            .ToListAsync(cancellationToken);
        return follows.GroupBy(f => f.MemberId)
            .Where(m => m.Key != draft.ActorId && m.All(f => f.Level != FollowLevel.Muted))
            .Select(m => m.Key)
            .ToList();
    }
}
