using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Follows;

/// <summary>
/// The follows a member gets without asking: a group they join is followed at Normal, a topic they start or reply to at
/// Tracking. Leaving a group (or being removed, or lapsing) drops the follows that came with it: the group follow and
/// the follows of its topics. A follow the member chose is never changed by a default, with one exception: leaving a
/// members-only or secret group drops even chosen follows of it, since its items are no longer theirs to read (in a
/// public group they stay: anyone may follow a public group). Also keeps <see cref="KnownTopic"/>.
/// Runs in its own queue (MultipleHandlerBehavior.Separated). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class FollowDefaultsHandler
{
    public static async Task Handle(TopicCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        session.Store(new KnownTopic
        {
            Id = created.TopicId,
            GroupId = created.GroupId,
            Number = created.TopicNumber,
            Title = created.Title,
            Path = created.Path,
            Tags = [.. created.Tags.Select(Follow.TargetIdFor)],
        });
        await DefaultAsync(session, created.AuthorId, FollowTarget.Topic, Follow.TargetIdFor(created.TopicId), created.GroupId, FollowLevel.Tracking,
            created.CreatedAt, cancellationToken);
    }

    public static async Task Handle(PostCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        if (created.PostNumber <= 1)
        {
            return; // the opening post: TopicCreated made the follow
        }

        await DefaultAsync(session, created.AuthorId, FollowTarget.Topic, Follow.TargetIdFor(created.TopicId), created.GroupId, FollowLevel.Tracking,
            created.CreatedAt, cancellationToken);
    }

    public static Task Handle(MemberJoinedGroup joined, IDocumentSession session, CancellationToken cancellationToken) =>
        DefaultAsync(session, joined.MemberId, FollowTarget.Group, Follow.TargetIdFor(joined.GroupId), joined.GroupId, FollowLevel.Normal,
            joined.JoinedAt, cancellationToken);

    public static Task Handle(MemberLeftGroup left, IDocumentSession session, CancellationToken cancellationToken) =>
        DropAsync(session, left.GroupId, left.MemberId, left.LeftAt, cancellationToken);

    public static Task Handle(MemberRemovedFromGroup removed, IDocumentSession session, CancellationToken cancellationToken) =>
        DropAsync(session, removed.GroupId, removed.MemberId, removed.RemovedAt, cancellationToken);

    public static Task Handle(GroupMembershipLapsed lapsed, IDocumentSession session, CancellationToken cancellationToken) =>
        DropAsync(session, lapsed.GroupId, lapsed.MemberId, lapsed.LapsedAt, cancellationToken);

    /// <summary>Starts a default follow unless the member already follows the thing (by choice or by an earlier default).</summary>
    private static async Task DefaultAsync(IDocumentSession session, Guid memberId, FollowTarget target, string targetId, Guid groupId,
        FollowLevel level, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = Follow.IdFor(memberId, target, targetId);
        var existing = await RowLocks.LoadForUpdateAsync<Follow>(session, id, cancellationToken);
        if (existing is not null)
        {
            return;
        }

        // Insert: of two defaults racing for the same follow, the loser fails, is retried, and finds the row.
        session.Insert(new Follow
        {
            Id = id,
            MemberId = memberId,
            Target = target,
            TargetId = targetId,
            GroupId = groupId,
            Level = level,
            Chosen = false,
            ChangedAt = at,
        });
    }

    /// <summary>
    /// Drops the member's follows of the group and of its topics that are older than the departure (a follow set after
    /// a later re-join stays). Chosen follows of a public group stay.
    /// </summary>
    private static async Task DropAsync(IDocumentSession session, Guid groupId, Guid memberId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(groupId, cancellationToken);
        var keepChosen = group is { Visibility: GroupVisibility.Public };
        session.DeleteWhere<Follow>(f => f.MemberId == memberId && f.GroupId == groupId && f.ChangedAt <= at && (!keepChosen || !f.Chosen));
    }
}
