using Marten;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Notifications;

/// <summary>
/// Writes in-app notifications as other modules' events arrive: one per member per event (mentioned before replied to,
/// before quoted, before a new post in a watched topic or group), never to the member who acted, never to one who muted
/// the topic or its group (as in Discourse, muted means nothing at all), never to one who cannot see the group. All
/// recipients of one event are written at once (<see cref="NotificationWriter"/>). Runs in its own queue. Public for
/// Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class NotificationsHandler
{
    public static async Task Handle(PostCreated created, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        var candidates = new List<(Guid MemberId, NotificationKind Kind)>();
        candidates.AddRange(created.Mentions.Select(m => (m, NotificationKind.Mentioned)));
        if (created.ReplyToAuthorId is { } repliedTo)
        {
            candidates.Add((repliedTo, NotificationKind.RepliedTo));
        }

        if (created.QuotedAuthorId is { } quoted)
        {
            candidates.Add((quoted, NotificationKind.Quoted));
        }

        // A topic's opening post reaches those who watch its group: a follow of the topic itself came after it.
        var levels = await LevelsAsync(session, created.GroupId, created.PostNumber > 1 ? created.TopicId : null, cancellationToken);
        candidates.AddRange(levels.Where(l => l.Value == FollowLevel.Watching).Select(l => (l.Key, NotificationKind.WatchedTopicPost)));

        await NotifyAsync(session, bus, created.GroupId, created.AuthorId, candidates, levels, created.TopicTitle, created.Path,
            kind => kind == NotificationKind.Mentioned ? $"post:{created.PostId:N}" : $"topic:{created.TopicId:N}", created.CreatedAt, cancellationToken);
    }

    public static async Task Handle(PostEdited edited, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        if (edited.NewMentions.Count == 0)
        {
            return;
        }

        var levels = await LevelsAsync(session, edited.GroupId, edited.TopicId, cancellationToken);
        var topic = await session.LoadAsync<KnownTopic>(edited.TopicId, cancellationToken);
        await NotifyAsync(session, bus, edited.GroupId, edited.EditorId, edited.NewMentions.Select(m => (m, NotificationKind.Mentioned)).ToList(), levels,
            topic?.Title ?? "A topic", edited.Path, _ => $"post:{edited.PostId:N}", edited.EditedAt, cancellationToken);
    }

    public static async Task Handle(AnswerAccepted accepted, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        var levels = await LevelsAsync(session, accepted.GroupId, accepted.TopicId, cancellationToken);
        var topic = await session.LoadAsync<KnownTopic>(accepted.TopicId, cancellationToken);
        await NotifyAsync(session, bus, accepted.GroupId, accepted.AcceptedBy, new[] { (accepted.AnswerAuthorId, NotificationKind.AnswerAccepted) }, levels,
            topic?.Title ?? "A question", accepted.Path, _ => $"answer:{accepted.PostId:N}", accepted.AcceptedAt, cancellationToken);
    }

    /// <summary>The recognised author is told, with the recogniser's note, unless they muted the topic or its group.</summary>
    public static async Task Handle(ContributionRecognised recognised, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        var levels = await LevelsAsync(session, recognised.GroupId, recognised.TopicId, cancellationToken);
        await NotifyAsync(session, bus, recognised.GroupId, recognised.RecognisedBy, new[] { (recognised.AuthorId, NotificationKind.ContributionRecognised) },
            levels, recognised.TopicTitle, recognised.Path, _ => $"recognised:{recognised.PostId:N}/{recognised.RecognisedBy:N}", recognised.RecognisedAt,
            cancellationToken, recognised.Note);
    }

    public static async Task Handle(JoinRequestDecided decided, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(decided.GroupId, cancellationToken);
        var title = group?.Name ?? "A group";
        var draft = new NotificationDraft(decided.MemberId, NotificationKind.JoinRequestDecided, $"join:{decided.GroupId:N}/{decided.DecidedAt.UtcTicks}",
            // a declined member cannot read a members-only group: the notification stays readable (no group check)
            null, decided.Approved ? $"{title}: your request to join was approved" : $"{title}: your request to join was declined",
            GroupPath(group), null, string.IsNullOrWhiteSpace(decided.Message) ? null : decided.Message, decided.DecidedAt);
        await NotificationWriter.WriteAsync(session, bus, new[] { draft }, cancellationToken);
    }

    public static async Task Handle(GroupRoleGranted granted, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        if (granted.GrantedBy == granted.MemberId)
        {
            return; // never about what one did oneself
        }

        var group = await session.LoadAsync<GroupFacts>(granted.GroupId, cancellationToken);
        var actor = await session.LoadAsync<MemberFacts>(granted.GrantedBy, cancellationToken);
        var draft = new NotificationDraft(granted.MemberId, NotificationKind.RoleGranted, $"role:{granted.GroupId:N}/{granted.Role}/{granted.GrantedAt.UtcTicks}",
            granted.GroupId, $"{group?.Name ?? "A group"}: you are now {RoleName(granted.Role)}", GroupPath(group), NameOf(actor), null, granted.GrantedAt);
        await NotificationWriter.WriteAsync(session, bus, new[] { draft }, cancellationToken);
    }

    public static async Task Handle(GroupMembershipExpiring expiring, IDocumentSession session, IMessageContext bus, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<GroupFacts>(expiring.GroupId, cancellationToken);
        var draft = new NotificationDraft(expiring.MemberId, NotificationKind.MembershipExpiring, $"expiring:{expiring.GroupId:N}/{expiring.ExpiresAt.UtcTicks}",
            expiring.GroupId, $"{group?.Name ?? "A group"}: your membership expires on {expiring.ExpiresAt:yyyy-MM-dd}", GroupPath(group), null, null,
            expiring.ExpiresAt);
        await NotificationWriter.WriteAsync(session, bus, new[] { draft }, cancellationToken);
    }

    /// <summary>
    /// Each member's level for the topic: their topic follow, else their group follow (one query). Members with
    /// neither are not in the dictionary.
    /// </summary>
    private static async Task<Dictionary<Guid, FollowLevel>> LevelsAsync(IQuerySession session, Guid groupId, Guid? topicId, CancellationToken cancellationToken)
    {
        var topic = topicId is { } id ? Follow.TargetIdFor(id) : "-";
        var group = Follow.TargetIdFor(groupId);
        var follows = await session.Query<Follow>()
            .Where(f => (f.Target == FollowTarget.Topic && f.TargetId == topic) || (f.Target == FollowTarget.Group && f.TargetId == group))
            .ToListAsync(cancellationToken);
        var levels = new Dictionary<Guid, FollowLevel>();
        foreach (var follow in follows.OrderBy(f => f.Target == FollowTarget.Topic ? 1 : 0))
        {
            levels[follow.MemberId] = follow.Level; // the topic's follow overrides the group's
        }

        return levels;
    }

    private static async Task NotifyAsync(IDocumentSession session, IMessageBus bus, Guid groupId, Guid actorId,
        IReadOnlyList<(Guid MemberId, NotificationKind Kind)> candidates, IReadOnlyDictionary<Guid, FollowLevel> levels, string title, string path,
        Func<NotificationKind, string> groupingKey, DateTimeOffset at, CancellationToken cancellationToken, string? excerpt = null)
    {
        // One per member, the most specific reason first (the enum's order), never the actor, never a member who muted it.
        var chosen = candidates
            .Where(c => c.MemberId != actorId && !(levels.TryGetValue(c.MemberId, out var level) && level == FollowLevel.Muted))
            .GroupBy(c => c.MemberId)
            .Select(g => g.MinBy(c => c.Kind))
            .ToList();
        if (chosen.Count == 0)
        {
            return;
        }

        var group = await session.LoadAsync<GroupFacts>(groupId, cancellationToken);
        if (group is null)
        {
            return;
        }

        var readers = await GroupReaders.WhoMayReadAsync(session, groupId, chosen.Select(c => c.MemberId), cancellationToken);
        chosen = [.. chosen.Where(c => readers.Contains(c.MemberId))];

        var actor = await session.LoadAsync<MemberFacts>(actorId, cancellationToken);
        var drafts = chosen.Select(c => new NotificationDraft(c.MemberId, c.Kind, groupingKey(c.Kind), groupId, title, path, NameOf(actor), excerpt, at, actorId)).ToList();
        await NotificationWriter.WriteAsync(session, bus, drafts, cancellationToken);
    }

    private static string? NameOf(MemberFacts? person) => person?.Name;

    private static string GroupPath(GroupFacts? group) => group is null || group.Slug.Length == 0 ? "/groups" : $"/groups/{group.Slug}";

    private static string RoleName(GroupRole role) => role switch
    {
        GroupRole.DomainExpert => "a domain expert",
        _ => $"a {role.ToString().ToLowerInvariant()}",
    };
}
