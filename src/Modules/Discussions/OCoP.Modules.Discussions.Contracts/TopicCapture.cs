namespace OCoP.Modules.Discussions.Contracts;

// A public query other modules may ask Discussions in process (Wolverine InvokeAsync), never reading its tables: the
// visible posts of one topic, for Knowledge to turn a solved discussion into a wiki page. The asker checks its own
// access rule first (who may capture); this answers only for the topic of the group named, and only visible posts.

public sealed record GetTopicForCapture(Guid GroupId, int TopicNumber, bool AcceptedAnswerOnly);

/// <summary>Null Posts when the group has no such topic.</summary>
public sealed record TopicForCapture(Guid TopicId, int TopicNumber, string Title, int? AcceptedPostNumber, IReadOnlyList<CapturedPost>? Posts);

public sealed record CapturedPost(int Number, Guid AuthorId, string Source, bool IsAcceptedAnswer);
