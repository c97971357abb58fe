using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Badges;

/// <summary>
/// Awards the badges (docs/workbench.md "Recognition and badges", ADR 0077) from Discussions', Knowledge's and Events'
/// events, in its own durable queue: one locked <see cref="MemberBadges"/> per member and group, so a redelivered event or
/// two events at once award a badge once. Nothing counts while the group has badges off. The member is told of each badge
/// earned in the same transaction (a notification; the daily digest by default). Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class BadgesHandler
{
    /// <summary>An answer to someone else's question: the first earns "First answer accepted"; each is a helpful reply.</summary>
    public static Task Handle(AnswerAccepted accepted, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        accepted.AnswerAuthorId == accepted.QuestionAuthorId || accepted.AnswerAuthorId == accepted.AcceptedBy
            ? Task.CompletedTask // one's own question or one's own acceptance earns nothing
            : ChangeAsync(session, bus, accepted.GroupId, accepted.AnswerAuthorId, badges =>
            {
                badges.Award(BadgeKind.FirstAnswerAccepted, accepted.AcceptedAt, accepted.Path);
                badges.Reply(accepted.PostId).Accepted = true;
                AwardHelpful(badges, accepted.AcceptedAt, accepted.Path);
            }, cancellationToken);

    /// <summary>A recognised reply (not an opening post) is a helpful reply.</summary>
    public static Task Handle(ContributionRecognised recognised, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        recognised.PostNumber <= 1
            ? Task.CompletedTask
            : ChangeAsync(session, bus, recognised.GroupId, recognised.AuthorId, badges =>
            {
                var reply = badges.Reply(recognised.PostId);
                if (!reply.RecognisedBy.Contains(recognised.RecognisedBy))
                {
                    reply.RecognisedBy.Add(recognised.RecognisedBy);
                }

                AwardHelpful(badges, recognised.RecognisedAt, recognised.Path);
            }, cancellationToken);

    /// <summary>A withdrawn recognition stops counting toward the badge; a badge already earned stays (revoking is a facilitator's act).</summary>
    public static Task Handle(ContributionRecognitionWithdrawn withdrawn, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        ChangeAsync(session, bus, withdrawn.GroupId, withdrawn.AuthorId,
            badges => badges.HelpfulReplies.FirstOrDefault(r => r.PostId == withdrawn.PostId)?.RecognisedBy.Remove(withdrawn.WithdrawnBy), cancellationToken);

    public static Task Handle(WikiPageCreated created, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        ChangeAsync(session, bus, created.GroupId, created.AuthorId, badges => badges.Award(BadgeKind.PageAuthor, created.At, created.Path), cancellationToken);

    /// <summary>The member whose proposed session topic a facilitator scheduled leads that session.</summary>
    public static Task Handle(SessionTopicScheduled scheduled, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken) =>
        ChangeAsync(session, bus, scheduled.GroupId, scheduled.ProposedBy, badges => badges.Award(BadgeKind.SessionLeader, scheduled.ScheduledAt, scheduled.Path),
            cancellationToken);

    private static void AwardHelpful(MemberBadges badges, DateTimeOffset at, string path)
    {
        if (badges.HelpfulCount >= BadgeCatalog.HelpfulRepliesNeeded)
        {
            badges.Award(BadgeKind.TenHelpfulReplies, at, path);
        }
    }

    private static async Task ChangeAsync(IDocumentSession session, IMessageBus bus, Guid groupId, Guid memberId, Action<MemberBadges> change,
        CancellationToken cancellationToken)
    {
        if (groupId == Guid.Empty || memberId == Guid.Empty || (await session.LoadAsync<GroupBadgeSettings>(groupId, cancellationToken))?.Off == true)
        {
            return;
        }

        var id = MemberBadges.IdFor(groupId, memberId);
        var existing = await RowLocks.LoadForUpdateAsync<MemberBadges>(session, id, cancellationToken);
        var badges = existing ?? new MemberBadges { Id = id, GroupId = groupId, MemberId = memberId };
        var before = badges.Badges.Count;
        change(badges);
        RowLocks.Save(session, badges, existing is null);
        if (badges.Badges.Count > before)
        {
            await TellAsync(session, bus, badges, badges.Badges[before..], cancellationToken); // Award appends
        }
    }

    /// <summary>
    /// A notification per badge just earned, linked to the group's badges page, unless the member muted the group (muted
    /// means nothing at all, as for topics). A badge is earned once, so its grouping key never folds two.
    /// </summary>
    private static async Task TellAsync(IDocumentSession session, IMessageBus bus, MemberBadges badges, IReadOnlyList<EarnedBadge> earned,
        CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(badges.GroupId, cancellationToken);
        var follow = await session.LoadAsync<Follow>(Follow.IdFor(badges.MemberId, FollowTarget.Group, Follow.TargetIdFor(badges.GroupId)), cancellationToken);
        if (group is null || follow?.Level == FollowLevel.Muted)
        {
            return;
        }

        var drafts = earned.Select(badge => new NotificationDraft(badges.MemberId, NotificationKind.BadgeEarned,
                $"badge:{badges.GroupId:N}/{BadgeCatalog.RouteOf(badge.Kind)}", badges.GroupId,
                $"{group.Name}: you earned the badge \"{BadgeCatalog.NameOf(badge.Kind)}\"", $"/groups/{group.Slug}/badges", null,
                BadgeCatalog.WhatFor(badge.Kind), badge.EarnedAt))
            .ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
    }
}
