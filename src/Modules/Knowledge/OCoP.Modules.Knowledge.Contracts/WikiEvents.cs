namespace OCoP.Modules.Knowledge.Contracts;

// Integration events of the group wikis. Wolverine names messages by full type name, so never move these to another
// namespace once shipped. Each carries the group, so subscribers can enforce the group's visibility on read, and a
// site-relative Path to the page, so subscribers link to it without knowing this module's URL scheme.

public sealed record WikiPageCreated(Guid GroupId, Guid PageId, string Slug, string Title, Guid AuthorId, int Revision, string Path, DateTimeOffset At);

/// <summary>A new revision of a page: an edit, a merged edit or a revert (<see cref="RevertedFrom"/>).</summary>
public sealed record WikiPageEdited(Guid GroupId, Guid PageId, string Slug, string Title, Guid EditorId, int Revision, string Summary, bool Merged,
    int? RevertedFrom, string Path, DateTimeOffset At);

public sealed record WikiPageReviewed(Guid GroupId, Guid PageId, string Slug, string Title, Guid ReviewerId, string Path, DateTimeOffset At);

/// <summary>
/// A curator captured a forum topic (<see cref="TopicId"/>) into a page, new or as a section of an existing one:
/// Discussions notes it in the topic with a link to the page.
/// </summary>
public sealed record WikiPageCaptured(Guid GroupId, Guid TopicId, int TopicNumber, Guid PageId, string Slug, string Title, Guid CapturedBy, string Path,
    DateTimeOffset At);
