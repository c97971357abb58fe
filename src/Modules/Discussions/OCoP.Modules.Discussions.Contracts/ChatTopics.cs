namespace OCoP.Modules.Discussions.Contracts;

// A chat conversation moved into the group's forum (docs/chat.md, docs/adr/0071): Engagement asks by message, as Events
// asks for a reflection topic (EventTopics.cs). Discussions starts the topic as the facilitator named, through the same
// rules as a topic started over HTTP, once per move whatever the redeliveries, and answers with one of the two replies.
// Wolverine names messages by full type name: never move these to another namespace once shipped.

/// <summary>
/// Start a topic in the group's forum from a run of chat messages, as <paramref name="StartedByMemberId"/> (who must be
/// allowed to start a discussion there). <paramref name="MoveId"/> makes it happen once. <paramref name="Body"/> is
/// Markdown (the quoted messages); <paramref name="Title"/> 5 to 200 characters.
/// </summary>
public sealed record StartChatTopic(Guid MoveId, Guid GroupId, Guid StartedByMemberId, string Title, string Body);

/// <summary>The moved conversation's topic exists: <paramref name="Path"/> is its site-relative link. Said again on a redelivery.</summary>
public sealed record ChatTopicStarted(Guid MoveId, Guid GroupId, Guid TopicId, int TopicNumber, string Title, string Path, DateTimeOffset StartedAt);

/// <summary>The forum refused the topic (the facilitator may no longer post there, the group is read-only, a limit): nothing was written.</summary>
public sealed record ChatTopicRefused(Guid MoveId, Guid GroupId, string Reason);
