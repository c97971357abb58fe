using Marten;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Email;

/// <summary>
/// Engagement's replica of one occurrence of a group event, for the digests' "Upcoming events" (Engagement never reads
/// Events' schema). Kept from Events' integration events; a cancellation is final.
/// </summary>
internal sealed class UpcomingEvent
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public string Path { get; set; } = "";
    public bool Cancelled { get; set; }

    /// <summary>When Events last scheduled or changed it (its own clock): older messages arriving late are ignored, and a digest tells what is new since the last.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The events a digest announces: those of the member's groups in the coming week.</summary>
internal static class UpcomingEvents
{
    /// <summary>How far ahead a digest looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>At most this many in one digest (soonest first).</summary>
    public const int MaxPerDigest = 50;

    /// <summary>
    /// Not cancelled, starting after <paramref name="now"/> and within <see cref="Window"/>, in groups the member belongs
    /// to and may read (the shared rule, as for the digest's notifications); with those groups, by id. Two queries.
    /// </summary>
    public static async Task<(IReadOnlyList<UpcomingEvent> Events, IReadOnlyDictionary<Guid, GroupFacts> Groups)> ForMemberAsync(IQuerySession session,
        IReadOnlySet<Guid> membersGroups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (membersGroups.Count == 0)
        {
            return ([], new Dictionary<Guid, GroupFacts>());
        }

        var groupIds = membersGroups.ToArray();
        var until = now + Window;
        var events = await session.Query<UpcomingEvent>()
            .Where(e => e.GroupId.IsOneOf(groupIds) && !e.Cancelled && e.StartsAt > now && e.StartsAt <= until)
            .OrderBy(e => e.StartsAt).Take(MaxPerDigest).ToListAsync(cancellationToken);
        var groups = await GroupReaders.LoadAsync(session, events.Select(e => e.GroupId), cancellationToken);
        return ([.. events.Where(e => groups.TryGetValue(e.GroupId, out var group) && GroupReaders.CanRead(group, membersGroups))], groups);
    }
}

/// <summary>Keeps <see cref="UpcomingEvent"/> from Events' integration events. Its own durable queue. Public for Wolverine (docs/adr/0001).</summary>
[MartenStore(typeof(IEngagementStore))]
public static class UpcomingEventsHandler
{
    public static Task Handle(GroupEventScheduled scheduled, IDocumentSession session, CancellationToken cancellationToken) =>
        KeepAsync(session, scheduled.EventId, scheduled.GroupId, scheduled.Title, scheduled.StartsAt, scheduled.Path, scheduled.ScheduledAt, false,
            cancellationToken);

    public static Task Handle(GroupEventChanged changed, IDocumentSession session, CancellationToken cancellationToken) =>
        KeepAsync(session, changed.EventId, changed.GroupId, changed.Title, changed.StartsAt, changed.Path, changed.ChangedAt, false, cancellationToken);

    public static Task Handle(GroupEventCancelled cancelled, IDocumentSession session, CancellationToken cancellationToken) =>
        KeepAsync(session, cancelled.EventId, cancelled.GroupId, cancelled.Title, cancelled.StartsAt, cancelled.Path, cancelled.CancelledAt, true,
            cancellationToken);

    private static async Task KeepAsync(IDocumentSession session, Guid eventId, Guid groupId, string title, DateTimeOffset startsAt, string path,
        DateTimeOffset at, bool cancelled, CancellationToken cancellationToken)
    {
        var known = await session.LoadAsync<UpcomingEvent>(eventId, cancellationToken);
        if (known is not null && (known.Cancelled || (!cancelled && known.UpdatedAt > at)))
        {
            return; // cancelled for good, or this message is older than what is kept
        }

        known ??= new UpcomingEvent { Id = eventId };
        known.GroupId = groupId;
        known.Cancelled = cancelled;
        if (!cancelled)
        {
            known.Title = title;
            known.StartsAt = startsAt;
            known.Path = path;
        }
        else if (known.Path.Length == 0)
        {
            (known.Title, known.StartsAt, known.Path) = (title, startsAt, path);
        }

        known.UpdatedAt = at > known.UpdatedAt ? at : known.UpdatedAt;
        session.Store(known); // committed by Wolverine's transactional middleware
    }
}
