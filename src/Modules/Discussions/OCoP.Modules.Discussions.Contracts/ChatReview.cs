namespace OCoP.Modules.Discussions.Contracts;

// Chat flags in the group's review queue (docs/chat.md, docs/discussions.md, docs/adr/0072): Engagement's
// ChatMessageFlagged puts a chat message in the queue; the facilitator's decision goes back to Engagement as the event
// below, which deletes the message when asked. Flags reaching the forum's threshold hide it until then. Wolverine names messages by full type name: never move these.

/// <summary>What a facilitator decided about a flagged chat message.</summary>
public enum ChatFlagDecision
{
    /// <summary>The flags were unfounded: the message stays.</summary>
    Dismiss,

    /// <summary>The message goes (a tombstone in the chat, with a line in the moderation log).</summary>
    Delete,
}

/// <summary>
/// Enough members flagged a chat message (the forum's flag threshold, as for posts): Engagement hides it in the chat until
/// a facilitator decides (<see cref="ChatFlagResolved"/>: dismissed, it shows again; deleted, it goes).
/// </summary>
public sealed record ChatMessageHeldForReview(Guid GroupId, Guid ChannelId, Guid MessageId, int MessageNumber, int Flaggers, DateTimeOffset HeldAt);

/// <summary>
/// A facilitator resolved the flags on a chat message in the group's review queue. On <see cref="ChatFlagDecision.Delete"/>
/// Engagement deletes the message as a facilitator's removal (its usual moderation-log line follows).
/// </summary>
public sealed record ChatFlagResolved(Guid GroupId, Guid ChannelId, Guid MessageId, int MessageNumber, ChatFlagDecision Decision, Guid ModeratorId,
    string Reason, DateTimeOffset ResolvedAt);
