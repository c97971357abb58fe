namespace OCoP.Modules.Discussions.Contracts;

// Topics other modules ask Discussions to start, by message (never a write to its tables): Events asks for a topic in
// the group's forum to reflect on a session. Discussions starts it as the member named, through the same rules as a
// topic started over HTTP, once per event whatever the redeliveries, and answers with one of the two replies below.
// Wolverine names messages by full type name: never move these to another namespace once shipped.

/// <summary>
/// Start the reflection topic of a group event in the group's forum, as <paramref name="StartedByMemberId"/> (who must
/// be allowed to start a discussion there). <paramref name="Body"/> is Markdown; <paramref name="Title"/> 5 to 200 characters.
/// </summary>
public sealed record StartReflectionTopic(Guid EventId, Guid GroupId, Guid StartedByMemberId, string Title, string Body);

/// <summary>The event's reflection topic exists: <paramref name="Path"/> is its site-relative link. Said again on a redelivery.</summary>
public sealed record ReflectionTopicStarted(Guid EventId, Guid GroupId, Guid TopicId, int TopicNumber, string Title, string Path, DateTimeOffset StartedAt);

/// <summary>The forum refused the topic (the member may no longer post, the group is read-only, a limit): nothing was written.</summary>
public sealed record ReflectionTopicRefused(Guid EventId, Guid GroupId, string Reason);
