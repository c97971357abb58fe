using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Announcements;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Health;

/// <summary>
/// Keeps the health dashboard's daily rollups (docs/health.md) from Discussions', Membership's, Knowledge's and Events'
/// events, one locked document at a time, in its own durable queue, and each group's last activity by kind (ADR 0074).
/// Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class GroupHealthHandler
{
    public static async Task Handle(TopicCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        await ChangeAsync<HealthTopic>(session, created.TopicId.ToString(), () => new HealthTopic
        {
            Id = created.TopicId, GroupId = created.GroupId, AuthorId = created.AuthorId, IsQuestion = created.Kind == TopicKind.Question,
            CreatedAt = created.CreatedAt,
        }, _ => { }, cancellationToken, byGuid: created.TopicId);
        await DayAsync(session, created.GroupId, created.CreatedAt, day =>
        {
            day.CountPost(day.TopicIds, created.TopicId, created.AuthorId);
            Add(day.ActiveMemberIds, created.AuthorId);
        }, cancellationToken);
        await MemberAsync(session, created.GroupId, created.AuthorId, m => m.FirstPostAt = Earliest(m.FirstPostAt, created.CreatedAt), cancellationToken);
        await ActivityAsync(session, created.GroupId, ActivityKind.Topic, created.CreatedAt, cancellationToken);
    }

    public static async Task Handle(PostCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (created.PostNumber <= 1)
        {
            return; // the opening post is the topic
        }

        var topic = await RowLocks.LoadForUpdateAsync<HealthTopic>(session, created.TopicId, cancellationToken);
        if (topic is not null && created.AuthorId != topic.AuthorId && Earliest(topic.FirstReplyAt, created.CreatedAt) != topic.FirstReplyAt)
        {
            topic.FirstReplyAt = created.CreatedAt; // written only when it changes: not once per reply of a busy topic
            session.Store(topic);
        }

        await DayAsync(session, created.GroupId, created.CreatedAt, day =>
        {
            day.CountPost(day.ReplyIds, created.PostId, created.AuthorId);
            Add(day.ActiveMemberIds, created.AuthorId);
        }, cancellationToken);
        await MemberAsync(session, created.GroupId, created.AuthorId, m =>
        {
            m.FirstPostAt = Earliest(m.FirstPostAt, created.CreatedAt);
            // The replies are kept only until the third (a set, so a redelivered reply is not counted twice): that
            // milestone is all they are for, and a prolific member's document stays small (ADR 0081).
            if (m.ThirdReplyAt is null)
            {
                Add(m.ReplyIds, created.PostId);
                if (m.ReplyIds.Count >= 3)
                {
                    m.ThirdReplyAt = created.CreatedAt;
                }
            }
        }, cancellationToken);
        await ActivityAsync(session, created.GroupId, ActivityKind.Reply, created.CreatedAt, cancellationToken);
    }

    public static async Task Handle(AnswerAccepted accepted, IDocumentSession session, CancellationToken cancellationToken)
    {
        var topic = await RowLocks.LoadForUpdateAsync<HealthTopic>(session, accepted.TopicId, cancellationToken);
        if (topic is not null)
        {
            topic.Answered = true;
            session.Store(topic);
        }

        await DayAsync(session, accepted.GroupId, accepted.AcceptedAt, day => Add(day.AcceptedTopicIds, accepted.TopicId), cancellationToken);
        await MemberAsync(session, accepted.GroupId, accepted.AnswerAuthorId,
            m => m.FirstAcceptedAnswerAt = Earliest(m.FirstAcceptedAnswerAt, accepted.AcceptedAt), cancellationToken);
    }

    public static async Task Handle(MemberJoinedGroup joined, IDocumentSession session, CancellationToken cancellationToken)
    {
        await DayAsync(session, joined.GroupId, joined.JoinedAt, day => Add(day.NewMemberIds, joined.MemberId), cancellationToken);
        await MemberAsync(session, joined.GroupId, joined.MemberId, m =>
        {
            m.JoinedAt ??= joined.JoinedAt;
            if (joined.Roles.Any(IsLeadership))
            {
                m.LeadershipAt = Earliest(m.LeadershipAt, joined.JoinedAt);
            }
        }, cancellationToken);
        await ActivityAsync(session, joined.GroupId, ActivityKind.NewMember, joined.JoinedAt, cancellationToken);
    }

    public static async Task Handle(GroupRoleGranted granted, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (IsLeadership(granted.Role))
        {
            await MemberAsync(session, granted.GroupId, granted.MemberId, m => m.LeadershipAt = Earliest(m.LeadershipAt, granted.GrantedAt), cancellationToken);
        }
    }

    public static async Task Handle(WikiPageCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        await MemberAsync(session, created.GroupId, created.AuthorId, m => m.FirstWikiEditAt = Earliest(m.FirstWikiEditAt, created.At), cancellationToken);
        await ActivityAsync(session, created.GroupId, ActivityKind.Knowledge, created.At, cancellationToken);
    }

    public static async Task Handle(WikiPageEdited edited, IDocumentSession session, CancellationToken cancellationToken)
    {
        await MemberAsync(session, edited.GroupId, edited.EditorId, m => m.FirstWikiEditAt = Earliest(m.FirstWikiEditAt, edited.At), cancellationToken);
        await ActivityAsync(session, edited.GroupId, ActivityKind.Knowledge, edited.At, cancellationToken);
    }

    // Dormancy follow-up (ADR 0074): the last time of each kind of activity; blog posts and resources count as knowledge.
    public static Task Handle(BlogPostPublished published, IDocumentSession session, CancellationToken cancellationToken) =>
        ActivityAsync(session, published.GroupId, ActivityKind.Knowledge, published.At, cancellationToken);

    public static Task Handle(ResourceAdded added, IDocumentSession session, CancellationToken cancellationToken) =>
        ActivityAsync(session, added.GroupId, ActivityKind.Knowledge, added.At, cancellationToken);

    /// <summary>Readers for the contributor ratio: at most one message per member, group and day comes (Discussions sends it so).</summary>
    public static Task Handle(MemberReadInGroup read, IDocumentSession session, CancellationToken cancellationToken) =>
        DayAsync(session, read.GroupId, read.ReadAt, day => Add(day.ReaderIds, read.MemberId), cancellationToken);

    /// <summary>Scheduling a prompt is the restart checklist's first step (the topic it posts later counts as a topic).</summary>
    public static Task Handle(PromptScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken) =>
        ActivityAsync(session, scheduled.GroupId, ActivityKind.Prompt, scheduled.ScheduledAt, cancellationToken);

    /// <summary>Engagement's own announcement, read back by the id its message carries.</summary>
    public static async Task Handle(AnnouncementFanOutHandler.AnnouncementPosted posted, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Announcement>(posted.AnnouncementId, cancellationToken) is { } announcement)
        {
            await ActivityAsync(session, announcement.GroupId, ActivityKind.Announcement, announcement.CreatedAt, cancellationToken);
        }
    }

    // Events: attendance rate (who answered going and who was recorded present), one locked document per event; when
    // one was last planned (its scheduling, not its start) for the dormancy follow-up.
    public static async Task Handle(GroupEventScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken)
    {
        await EventAsync(session, scheduled.EventId, scheduled.GroupId, e => e.StartsAt = scheduled.StartsAt, cancellationToken);
        await ActivityAsync(session, scheduled.GroupId, ActivityKind.Event, scheduled.ScheduledAt, cancellationToken);
    }

    public static Task Handle(GroupEventChanged changed, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, changed.EventId, changed.GroupId, e => e.StartsAt = changed.StartsAt, cancellationToken);

    public static Task Handle(GroupEventCancelled cancelled, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, cancelled.EventId, cancelled.GroupId, e => (e.Cancelled, e.StartsAt) = (true, cancelled.StartsAt), cancellationToken);

    public static Task Handle(GroupEventRsvpChanged changed, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, changed.EventId, changed.GroupId,
            e => HealthEvent.Keep(e.Answers, new MemberMark(changed.MemberId, changed.Answer == "Going" && !changed.Waiting, changed.ChangedAt)),
            cancellationToken);

    public static Task Handle(GroupEventSeatOffered offered, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, offered.EventId, offered.GroupId, e => HealthEvent.Keep(e.Answers, new MemberMark(offered.MemberId, true, offered.PromotedAt)),
            cancellationToken);

    public static Task Handle(GroupEventCheckedIn checkedIn, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, checkedIn.EventId, checkedIn.GroupId, e => HealthEvent.Keep(e.Presence, new MemberMark(checkedIn.MemberId, true, checkedIn.CheckedInAt)),
            cancellationToken);

    public static Task Handle(GroupEventCheckedOut checkedOut, IDocumentSession session, CancellationToken cancellationToken) =>
        EventAsync(session, checkedOut.EventId, checkedOut.GroupId,
            e => HealthEvent.Keep(e.Presence, new MemberMark(checkedOut.MemberId, false, checkedOut.CheckedOutAt)), cancellationToken);

    private static Task EventAsync(IDocumentSession session, Guid eventId, Guid groupId, Action<HealthEvent> change, CancellationToken cancellationToken) =>
        ChangeAsync(session, eventId.ToString(), () => new HealthEvent { Id = eventId, GroupId = groupId }, change, cancellationToken, byGuid: eventId);

    /// <summary>Locked last, after the day and member documents, in every handler: one order, no deadlock between them.</summary>
    private static Task ActivityAsync(IDocumentSession session, Guid groupId, ActivityKind kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(session, groupId.ToString(), () => new GroupActivity { Id = groupId }, a => a.Saw(kind, at), cancellationToken, byGuid: groupId);

    private static bool IsLeadership(GroupRole role) => role is GroupRole.Facilitator or GroupRole.DomainExpert or GroupRole.Sponsor;

    private static Task DayAsync(IDocumentSession session, Guid groupId, DateTimeOffset at, Action<GroupDay> change, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return ChangeAsync(session, GroupDay.IdFor(groupId, day),
            () => new GroupDay { Id = GroupDay.IdFor(groupId, day), GroupId = groupId, Day = day, Shape = GroupDay.CurrentShape },
            d => change(d.Upgrade()), cancellationToken);
    }

    private static Task MemberAsync(IDocumentSession session, Guid groupId, Guid memberId, Action<HealthMember> change, CancellationToken cancellationToken) =>
        ChangeAsync(session, HealthMember.IdFor(groupId, memberId),
            () => new HealthMember { Id = HealthMember.IdFor(groupId, memberId), GroupId = groupId, MemberId = memberId }, change, cancellationToken);

    private static async Task ChangeAsync<T>(IDocumentSession session, string id, Func<T> start, Action<T> change, CancellationToken cancellationToken,
        Guid? byGuid = null) where T : notnull
    {
        var existing = byGuid is { } guid
            ? await RowLocks.LoadForUpdateAsync<T>(session, guid, cancellationToken)
            : await RowLocks.LoadForUpdateAsync<T>(session, id, cancellationToken);
        var document = existing ?? start();
        change(document);
        RowLocks.Save(session, document, existing is null);
    }

    private static void Add<T>(List<T> ids, T id)
    {
        if (!ids.Contains(id))
        {
            ids.Add(id);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? current, DateTimeOffset at) => current is { } c && c <= at ? c : at;
}
