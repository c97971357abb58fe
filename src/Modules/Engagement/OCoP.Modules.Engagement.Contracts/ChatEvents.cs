namespace OCoP.Modules.Engagement.Contracts;

// Integration events of group chat (docs/chat.md). Wolverine names messages by full type name: never move them.

/// <summary>A facilitator deleted someone's chat message; Discussions writes it into the group's moderation log.</summary>
public sealed record ChatMessageRemovedByModerator(Guid GroupId, Guid ChannelId, string ChannelName, Guid MessageId, int MessageNumber, Guid AuthorId,
    Guid RemovedBy, string Reason, DateTimeOffset RemovedAt);

/// <summary>A member flagged a chat message for the group's facilitators; Discussions writes it into the group's moderation log.</summary>
public sealed record ChatMessageFlagged(Guid GroupId, Guid ChannelId, string ChannelName, Guid MessageId, int MessageNumber, Guid AuthorId,
    Guid FlaggedBy, string Reason, string Excerpt, DateTimeOffset FlaggedAt);
