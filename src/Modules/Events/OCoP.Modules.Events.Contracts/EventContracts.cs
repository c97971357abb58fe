namespace OCoP.Modules.Events.Contracts;

// Integration events of group events (meetings, sessions). Wolverine names messages by full type name, so never move these
// to another namespace once shipped. "Event" here is a meeting of a group, not a Marten or Wolverine event. Each carries
// the group, so subscribers enforce the group's visibility when they show or send it, and a site-relative Path.

/// <summary>A group event was scheduled (one per occurrence of a series, with its series and 1-based number; null for a single event).</summary>
public sealed record GroupEventScheduled(Guid EventId, Guid GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid ScheduledBy,
    string Path, DateTimeOffset ScheduledAt, Guid? SeriesId = null, int? OccurrenceNumber = null);

/// <summary>A group event's time, place or link changed: those going (<see cref="Going"/>) are told.</summary>
public sealed record GroupEventChanged(Guid EventId, Guid GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid ChangedBy,
    IReadOnlyList<Guid> Going, string Path, DateTimeOffset ChangedAt);

/// <summary>A group event was cancelled: those going or waiting (<see cref="Going"/>) are told.</summary>
public sealed record GroupEventCancelled(Guid EventId, Guid GroupId, string Title, DateTimeOffset StartsAt, Guid CancelledBy,
    IReadOnlyList<Guid> Going, string Path, DateTimeOffset CancelledAt);

/// <summary>A member answered (or changed their answer to) an event's invitation. Title and Path were added later: null in older messages.</summary>
public sealed record GroupEventRsvpChanged(Guid EventId, Guid GroupId, Guid MemberId, string Answer, bool Waiting, DateTimeOffset ChangedAt,
    string? Title = null, string? Path = null);

/// <summary>A seat freed and the first member of the waiting list now has it.</summary>
public sealed record GroupEventSeatOffered(Guid EventId, Guid GroupId, string Title, DateTimeOffset StartsAt, Guid MemberId, string Path,
    DateTimeOffset PromotedAt);

/// <summary>A member was at an event: checked in by themselves (<see cref="CheckedInBy"/> is the member) or by an organiser.
/// Title and Path were added later: null in older messages.</summary>
public sealed record GroupEventCheckedIn(Guid EventId, Guid GroupId, Guid MemberId, Guid CheckedInBy, DateTimeOffset CheckedInAt, string? Title = null,
    string? Path = null);

/// <summary>An organiser corrected a slip: the member was not at the event after all (their <see cref="GroupEventCheckedIn"/> no longer holds).</summary>
public sealed record GroupEventCheckedOut(Guid EventId, Guid GroupId, Guid MemberId, Guid CheckedOutBy, DateTimeOffset CheckedOutAt);

/// <summary>An event starts soon: a reminder for each member going (<see cref="Going"/>), sent <see cref="Lead"/> before it.</summary>
public sealed record GroupEventReminderDue(Guid EventId, Guid GroupId, string Title, DateTimeOffset StartsAt, TimeSpan Lead,
    IReadOnlyList<Guid> Going, string Path, DateTimeOffset DueAt);

/// <summary>An attendee rated an event (1 to 5); given again, it replaces the earlier rating.</summary>
public sealed record GroupEventFeedbackGiven(Guid EventId, Guid GroupId, Guid MemberId, int Rating, DateTimeOffset GivenAt);

/// <summary>A member proposed a topic for a coming session of the group.</summary>
public sealed record SessionTopicProposed(Guid ProposalId, Guid GroupId, string Title, Guid ProposedBy, string Path, DateTimeOffset ProposedAt);

/// <summary>A facilitator scheduled an event from a proposal: the proposer (<see cref="ProposedBy"/>) is told.</summary>
public sealed record SessionTopicScheduled(Guid ProposalId, Guid GroupId, string Title, Guid ProposedBy, Guid EventId, DateTimeOffset StartsAt, Guid ScheduledBy,
    string Path, DateTimeOffset ScheduledAt);
