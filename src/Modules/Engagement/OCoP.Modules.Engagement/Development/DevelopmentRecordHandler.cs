using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Development;

/// <summary>
/// Keeps each member's professional-development record (docs/workbench.md, ADR 0078) from Discussions', Knowledge's,
/// Events' and Membership's events: one locked document per member and group, each fact keyed by its id so that a
/// redelivered event counts once. Each message has its own durable queue (Separated handlers). Public for Wolverine
/// (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class DevelopmentRecordHandler
{
    // Contributions.
    public static Task Handle(TopicCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        return RecordAsync(session, created.AuthorId, created.GroupId, r => DevelopmentRecord.Add(r.TopicIds, created.TopicId), cancellationToken);
    }

    public static Task Handle(PostCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        IncomingEvents.Check(created);
        return created.PostNumber <= 1
            ? Task.CompletedTask // the opening post is the topic
            : RecordAsync(session, created.AuthorId, created.GroupId, r => DevelopmentRecord.Add(r.ReplyIds, created.PostId), cancellationToken);
    }

    public static Task Handle(AnswerAccepted accepted, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, accepted.AnswerAuthorId, accepted.GroupId, r => DevelopmentRecord.Add(r.AcceptedAnswerIds, accepted.PostId), cancellationToken);

    /// <summary>A deleted opening post takes its topic with it; a deleted reply (or accepted answer) no longer counts.</summary>
    public static Task Handle(PostDeleted deleted, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, deleted.AuthorId, deleted.GroupId,
            r => DevelopmentRecord.Add(r.DeletedPostIds, deleted.PostNumber <= 1 ? deleted.TopicId : deleted.PostId), cancellationToken);

    public static Task Handle(WikiPageCreated created, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, created.AuthorId, created.GroupId, r => DevelopmentRecord.Add(r.WikiPageIds, created.PageId), cancellationToken);

    public static Task Handle(WikiPageEdited edited, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, edited.EditorId, edited.GroupId, r => DevelopmentRecord.Add(r.WikiEdits, $"{edited.PageId:N}/{edited.Revision}"), cancellationToken);

    public static Task Handle(BlogPostPublished published, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, published.AuthorId, published.GroupId, r => DevelopmentRecord.Add(r.BlogPostIds, published.PostId), cancellationToken);

    public static Task Handle(ResourceAdded added, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, added.SubmitterId, added.GroupId, r => DevelopmentRecord.Add(r.ResourceIds, added.ResourceId), cancellationToken);

    public static Task Handle(TopicSummaryWritten written, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, written.AuthorId, written.GroupId, r => DevelopmentRecord.Add(r.SummaryTopicIds, written.TopicId), cancellationToken);

    // Sessions attended: the latest mark of each event wins, so a late check-in does not undo a newer check-out.
    public static Task Handle(GroupEventCheckedIn checkedIn, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, checkedIn.MemberId, checkedIn.GroupId,
            r => Attend(r, new AttendedSession(checkedIn.EventId, checkedIn.Title, checkedIn.Path, checkedIn.CheckedInAt, true)), cancellationToken);

    public static Task Handle(GroupEventCheckedOut checkedOut, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, checkedOut.MemberId, checkedOut.GroupId,
            r => Attend(r, new AttendedSession(checkedOut.EventId, null, null, checkedOut.CheckedOutAt, false)), cancellationToken);

    // Activities led. An event's leaders are kept beside it (LedEvent), so a cancellation that arrives before or after
    // the scheduling marks their entries cancelled either way.
    public static Task Handle(GroupEventScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken) =>
        LeadAsync(session, scheduled.EventId, scheduled.GroupId, scheduled.ScheduledBy,
            new LedActivity($"event/{scheduled.EventId:N}", LedKind.Event, scheduled.Title, scheduled.Path, scheduled.StartsAt), cancellationToken);

    public static Task Handle(SessionTopicScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken) =>
        LeadAsync(session, scheduled.EventId, scheduled.GroupId, scheduled.ProposedBy,
            new LedActivity($"session/{scheduled.ProposalId:N}", LedKind.SessionTopic, scheduled.Title, scheduled.Path, scheduled.StartsAt), cancellationToken);

    public static async Task Handle(GroupEventCancelled cancelled, IDocumentSession session, CancellationToken cancellationToken)
    {
        var existing = await RowLocks.LoadForUpdateAsync<LedEvent>(session, cancelled.EventId, cancellationToken);
        var led = existing ?? new LedEvent { Id = cancelled.EventId, GroupId = cancelled.GroupId };
        if (led.Cancelled)
        {
            return;
        }

        led.Cancelled = true;
        RowLocks.Save(session, led, existing is null);
        foreach (var (leader, key) in led.Leaders.OrderBy(l => l.MemberId))
        {
            await RecordAsync(session, leader, led.GroupId, r => MarkCancelled(r, key), cancellationToken);
        }
    }

    public static Task Handle(PromptScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, scheduled.AuthorId, scheduled.GroupId,
            r => Lead(r, new LedActivity($"prompt/{scheduled.PromptId:N}", LedKind.Prompt, scheduled.Title, scheduled.Path, scheduled.FirstAt)),
            cancellationToken);

    // Membership: when the member joined, and the facilitation roles they hold.
    public static Task Handle(MemberJoinedGroup joined, IDocumentSession session, CancellationToken cancellationToken) =>
        RecordAsync(session, joined.MemberId, joined.GroupId, r =>
        {
            r.JoinedAt = r.JoinedAt is { } at && at <= joined.JoinedAt ? at : joined.JoinedAt;
            foreach (var role in joined.Roles.Where(IsFacilitation))
            {
                Keep(r, new HeldRole(role, true, joined.JoinedAt, joined.JoinedAt));
            }
        }, cancellationToken);

    public static Task Handle(GroupRoleGranted granted, IDocumentSession session, CancellationToken cancellationToken) =>
        IsFacilitation(granted.Role)
            ? RecordAsync(session, granted.MemberId, granted.GroupId, r => Keep(r, new HeldRole(granted.Role, true, granted.GrantedAt, granted.GrantedAt)),
                cancellationToken)
            : Task.CompletedTask;

    public static Task Handle(GroupRoleRevoked revoked, IDocumentSession session, CancellationToken cancellationToken) =>
        IsFacilitation(revoked.Role)
            ? RecordAsync(session, revoked.MemberId, revoked.GroupId, r => Keep(r, new HeldRole(revoked.Role, false, revoked.RevokedAt, revoked.RevokedAt)),
                cancellationToken)
            : Task.CompletedTask;

    // The charter's skills to practise: the highest version wins; null (a message from before the field) says nothing.
    public static Task Handle(GroupCreated created, IDocumentSession session, CancellationToken cancellationToken) =>
        SkillsAsync(session, created.GroupId, 1, created.SkillsToPractise, cancellationToken);

    public static Task Handle(GroupCharterChanged changed, IDocumentSession session, CancellationToken cancellationToken) =>
        SkillsAsync(session, changed.GroupId, changed.Version, changed.SkillsToPractise, cancellationToken);

    /// <summary>
    /// A deleted member's record goes with their account: their rows, their own entries, and their name among an event's
    /// leaders. Called by the module's erasure (<c>EngagementPersonalDataHandler</c>), in its transaction.
    /// </summary>
    internal static async Task ForgetAsync(MemberDeleted deleted, IDocumentSession session, CancellationToken cancellationToken)
    {
        var memberId = deleted.MemberId;
        session.DeleteWhere<DevelopmentRecord>(r => r.MemberId == memberId);
        session.DeleteWhere<DevelopmentEntry>(e => e.MemberId == memberId);
        foreach (var led in await session.Query<LedEvent>().Where(e => e.LeaderIds.Contains(memberId)).ToListAsync(cancellationToken))
        {
            led.LeaderIds.Remove(memberId);
            led.Leaders.RemoveAll(l => l.MemberId == memberId);
            session.Store(led);
        }
    }

    private static async Task SkillsAsync(IDocumentSession session, Guid groupId, int version, string? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return;
        }

        var existing = await RowLocks.LoadForUpdateAsync<CharterSkills>(session, groupId, cancellationToken);
        if (existing is not null && existing.Version >= version)
        {
            return;
        }

        RowLocks.Save(session, new CharterSkills { Id = groupId, Version = version, Text = text.Trim() }, existing is null);
    }

    private static async Task LeadAsync(IDocumentSession session, Guid eventId, Guid groupId, Guid leaderId, LedActivity activity,
        CancellationToken cancellationToken)
    {
        var existing = await RowLocks.LoadForUpdateAsync<LedEvent>(session, eventId, cancellationToken);
        var led = existing ?? new LedEvent { Id = eventId, GroupId = groupId };
        if (!led.Leaders.Contains(new EventLeader(leaderId, activity.Key)))
        {
            led.Leaders.Add(new EventLeader(leaderId, activity.Key));
            DevelopmentRecord.Add(led.LeaderIds, leaderId);
            RowLocks.Save(session, led, existing is null);
        }

        await RecordAsync(session, leaderId, groupId, r => Lead(r, activity with { Cancelled = led.Cancelled }), cancellationToken);
    }

    private static void Lead(DevelopmentRecord record, LedActivity activity)
    {
        var index = record.Led.FindIndex(l => l.Key == activity.Key);
        if (index < 0)
        {
            record.Led.Add(activity);
        }
        else
        {
            record.Led[index] = activity with { Cancelled = activity.Cancelled || record.Led[index].Cancelled };
        }
    }

    private static void MarkCancelled(DevelopmentRecord record, string key)
    {
        var index = record.Led.FindIndex(l => l.Key == key);
        if (index >= 0)
        {
            record.Led[index] = record.Led[index] with { Cancelled = true };
        }
    }

    private static void Attend(DevelopmentRecord record, AttendedSession mark)
    {
        var index = record.Sessions.FindIndex(s => s.EventId == mark.EventId);
        if (index < 0)
        {
            record.Sessions.Add(mark);
        }
        else if (record.Sessions[index].At <= mark.At)
        {
            var known = record.Sessions[index];
            // A check-out carries no title: keep the one the check-in brought.
            record.Sessions[index] = mark with { Title = mark.Title ?? known.Title, Path = mark.Path ?? known.Path };
        }
    }

    private static void Keep(DevelopmentRecord record, HeldRole mark)
    {
        var index = record.Roles.FindIndex(r => r.Role == mark.Role);
        if (index < 0)
        {
            record.Roles.Add(mark);
            return;
        }

        var known = record.Roles[index];
        if (known.ChangedAt > mark.ChangedAt)
        {
            return; // an older message, overtaken
        }

        // Held on: the first grant of the run stays its start; held again after a revocation: a new start.
        record.Roles[index] = mark.Held && known.Held ? known with { ChangedAt = mark.ChangedAt } : mark;
    }

    private static bool IsFacilitation(GroupRole role) => role is GroupRole.Facilitator or GroupRole.DomainExpert or GroupRole.Sponsor;

    private static async Task RecordAsync(IDocumentSession session, Guid memberId, Guid groupId, Action<DevelopmentRecord> change,
        CancellationToken cancellationToken)
    {
        var id = DevelopmentRecord.IdFor(memberId, groupId);
        var existing = await RowLocks.LoadForUpdateAsync<DevelopmentRecord>(session, id, cancellationToken);
        var record = existing ?? new DevelopmentRecord { Id = id, MemberId = memberId, GroupId = groupId };
        change(record);
        RowLocks.Save(session, record, existing is null);
    }
}

/// <summary>Who leads a group event (its organiser, the proposer of its topic), so its cancellation reaches their records. Id is the event's.</summary>
internal sealed class LedEvent
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public bool Cancelled { get; set; }
    public List<EventLeader> Leaders { get; set; } = [];

    /// <summary>The leaders' ids alone, to find (and forget) a deleted member's.</summary>
    public List<Guid> LeaderIds { get; set; } = [];
}

/// <summary>A member who leads an event, and the key of the entry it made in their record.</summary>
internal sealed record EventLeader(Guid MemberId, string Key);
