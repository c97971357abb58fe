using Marten;
using Wolverine;

namespace OCoP.Modules.Engagement.Notifications;

/// <summary>Why a member is notified. E-mail preferences are chosen per kind.</summary>
internal enum NotificationKind
{
    Mentioned,
    RepliedTo,
    Quoted,
    AnswerAccepted,
    WatchedTopicPost,
    JoinRequestDecided,
    RoleGranted,
    MembershipExpiring,
    PrivateMessage,
    EventSeatOffered,
    EventChanged,
    EventCancelled,
    EventReminder,

    /// <summary>A change to a followed wiki page, group blog or resource directory (Knowledge), at the watching level.</summary>
    WatchedKnowledge,
    SessionTopicScheduled,

    /// <summary>A facilitator's or sponsor's announcement to a group (Announcements/); an important one is e-mailed whatever the preference.</summary>
    Announcement,

    /// <summary>A facilitator or sponsor recognised one of the member's posts (Discussions' <c>ContributionRecognised</c>, ADR 0077).</summary>
    ContributionRecognised,

    /// <summary>The member earned a badge in a group (<c>Badges/BadgesHandler</c>, ADR 0077).</summary>
    BadgeEarned,
}

/// <summary>
/// An in-app notification. Repeated events about one thing (three replies in a watched topic, five messages in one
/// conversation) fold into one unread notification: <see cref="Count"/> grows, <see cref="ActorNames"/> collects who,
/// and <see cref="Path"/> points at the newest. Once read, the next event starts a new one.
/// </summary>
internal sealed class Notification
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public NotificationKind Kind { get; set; }

    /// <summary>What repeated events fold on, such as <c>topic:{id}</c> or <c>conversation:{id}</c>; unique when nothing folds.</summary>
    public string GroupingKey { get; set; } = "";

    /// <summary>The group it came from, checked again when read (visibility); null for private messages and site events.</summary>
    public Guid? GroupId { get; set; }

    /// <summary>What it is about, such as the topic's title.</summary>
    public string Title { get; set; } = "";

    /// <summary>A site-relative link to the newest thing, such as a post's permanent link.</summary>
    public string Path { get; set; } = "";

    public string? Excerpt { get; set; }
    public List<string> ActorNames { get; set; } = [];

    /// <summary>
    /// Who each of <see cref="ActorNames"/> is, at the same position (<see cref="Guid.Empty"/> for no member, such as the
    /// link check): a deleted member's name is replaced by the anonymous one. Notifications written before this list
    /// existed have it shorter than the names; their names are matched by text.
    /// </summary>
    public List<Guid> ActorIds { get; set; } = [];

    /// <summary>Replaces the deleted member's name where they are one of the actors; true if it did.</summary>
    public bool ForgetActor(Guid memberId, string? name, string anonymousName)
    {
        var changed = false;
        for (var i = 0; i < ActorNames.Count; i++)
        {
            if (i < ActorIds.Count ? ActorIds[i] == memberId : name is not null && ActorNames[i] == name)
            {
                ActorNames[i] = anonymousName;
                changed = true;
            }
        }

        return changed;
    }
    public int Count { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>An important announcement: e-mailed at once to every member with a confirmed address, whatever their preferences.</summary>
    public bool Important { get; set; }

    public const int MaxActorNames = 5;
}

/// <summary>One event to notify one member of, before folding.</summary>
internal sealed record NotificationDraft(
    Guid MemberId,
    NotificationKind Kind,
    string GroupingKey,
    Guid? GroupId,
    string Title,
    string Path,
    string? ActorName,
    string? Excerpt,
    DateTimeOffset At,
    Guid? ActorId = null);

/// <summary>Writes notifications for many members at once: one query finds what folds, one save writes all.</summary>
internal static class NotificationWriter
{
    /// <summary>
    /// Folds each draft into the member's unread notification with the same kind and grouping key, or starts one. The
    /// caller saves the session (an outboxed one, when it also publishes).
    /// </summary>
    /// <param name="bus">The outbox of the caller's session: e-mail alerts for what was written are published through it.</param>
    public static async Task<IReadOnlyList<Notification>> WriteAsync(IDocumentSession session, IMessageBus bus,
        IReadOnlyCollection<NotificationDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return [];
        }

        var members = drafts.Select(d => d.MemberId).Distinct().ToArray();
        var keys = drafts.Select(d => d.GroupingKey).Distinct().Order(StringComparer.Ordinal).ToArray();

        // Two events folding into the same notifications at once (two replies in one watched topic, handled in parallel)
        // would both start one, or lose a count: writers of one grouping key queue behind each other until they commit.
        // Keys are locked in one order, so two writers never wait for each other in a circle.
        await session.BeginTransactionAsync(cancellationToken);
        foreach (var key in keys)
        {
            await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as locked", cancellationToken,
                $"engagement.notification:{key}");
        }

        var unread = await session.Query<Notification>()
            .Where(n => n.ReadAt == null && n.MemberId.IsOneOf(members) && n.GroupingKey.IsOneOf(keys))
            .ToListAsync(cancellationToken);
        var written = Fold(unread, drafts).ToDictionary(n => n.Id);
        session.Store(written.Values.ToArray());
        await bus.PublishAsync(new Email.EmailAlertsHandler.NotificationsWritten([.. written.Keys]));
        await bus.PublishAsync(new Live.LiveUpdatesHandler.UnreadChanged(members));
        return [.. written.Values];
    }

    /// <summary>
    /// The folding rule, without the database: each draft, oldest first, folds into the member's open (unread)
    /// notification of the same kind and grouping key, or starts one. A fold counts the event, adds its actor (up to
    /// <see cref="Notification.MaxActorNames"/>, each once) and moves the link to the newest event: an older event that
    /// arrives late counts but leaves the link alone. Changes <paramref name="unread"/> in place; answers every
    /// notification changed or started, once each.
    /// </summary>
    public static IReadOnlyList<Notification> Fold(IEnumerable<Notification> unread, IEnumerable<NotificationDraft> drafts)
    {
        var open = unread.ToDictionary(n => (n.MemberId, n.Kind, n.GroupingKey));

        var written = new Dictionary<Guid, Notification>();
        foreach (var draft in drafts.OrderBy(d => d.At))
        {
            if (open.TryGetValue((draft.MemberId, draft.Kind, draft.GroupingKey), out var notification))
            {
                notification.Count++;
                if (draft.At >= notification.UpdatedAt)
                {
                    // An older event that arrives late counts, but the link stays on the newest.
                    notification.Title = draft.Title;
                    notification.Path = draft.Path;
                    notification.Excerpt = draft.Excerpt;
                    notification.UpdatedAt = draft.At;
                }
            }
            else
            {
                notification = new Notification
                {
                    Id = Guid.CreateVersion7(draft.At),
                    MemberId = draft.MemberId,
                    Kind = draft.Kind,
                    GroupingKey = draft.GroupingKey,
                    GroupId = draft.GroupId,
                    Title = draft.Title,
                    Path = draft.Path,
                    Excerpt = draft.Excerpt,
                    CreatedAt = draft.At,
                    UpdatedAt = draft.At,
                };
                open[(draft.MemberId, draft.Kind, draft.GroupingKey)] = notification;
            }

            if (draft.ActorName is { } actor && !notification.ActorNames.Contains(actor) && notification.ActorNames.Count < Notification.MaxActorNames)
            {
                // Positions match only while every name has its id: notifications older than ActorIds get none.
                if (notification.ActorIds.Count == notification.ActorNames.Count)
                {
                    notification.ActorIds.Add(draft.ActorId ?? Guid.Empty);
                }

                notification.ActorNames.Add(actor);
            }

            written[notification.Id] = notification;
        }

        return [.. written.Values];
    }
}
