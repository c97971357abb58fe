namespace OCoP.Modules.Knowledge.Contracts;

// Integration events of the group blogs; the same conventions as WikiEvents.cs (never move them to another namespace).

/// <summary>A post went out: at once, or at its scheduled time.</summary>
public sealed record BlogPostPublished(Guid GroupId, Guid PostId, string Title, Guid AuthorId, string Path, DateTimeOffset At);

/// <summary>A comment on a published post; <see cref="ParentCommentId"/> is the comment it answers, if any.</summary>
public sealed record BlogCommentAdded(Guid GroupId, Guid PostId, Guid CommentId, Guid? ParentCommentId, string PostTitle, Guid PostAuthorId, Guid AuthorId,
    string Path, DateTimeOffset At);
