namespace OCoP.Modules.Discussions.Contracts;

// Integration events of the discussion forums. Wolverine names messages by full type name, so never move these to
// another namespace once shipped. Each carries the group, so subscribers can enforce the group's visibility on read,
// and a site-relative Path to the thing, so subscribers link to it without knowing this module's URL scheme.

public enum TopicKind
{
    Discussion,
    Question,
    Announcement,
}

public enum FlagReason
{
    Spam,
    OffTopic,
    CodeOfConduct,
    Other,
}

public sealed record TopicCreated(
    Guid GroupId,
    Guid TopicId,
    int TopicNumber,
    TopicKind Kind,
    string Title,
    Guid AuthorId,
    Guid? CategoryId,
    IReadOnlyList<string> Tags,
    string Path,
    DateTimeOffset CreatedAt);

/// <summary>
/// A post was written: the opening post of a topic (<see cref="PostNumber"/> 1) or a reply. <see cref="Mentions"/> are
/// the members the post names (directly or through a role such as @facilitators), already resolved to members of the group.
/// </summary>
public sealed record PostCreated(
    Guid GroupId,
    Guid TopicId,
    int TopicNumber,
    string TopicTitle,
    Guid PostId,
    int PostNumber,
    Guid AuthorId,
    IReadOnlyList<Guid> Mentions,
    int? ReplyToPostNumber,
    Guid? ReplyToAuthorId,
    Guid? QuotedAuthorId,
    string Path,
    DateTimeOffset CreatedAt);

/// <summary><see cref="NewMentions"/> are members named by this revision who were not named before.</summary>
public sealed record PostEdited(Guid GroupId, Guid TopicId, Guid PostId, int PostNumber, Guid EditorId, int Revision,
    IReadOnlyList<Guid> NewMentions, string Path, DateTimeOffset EditedAt);

/// <summary>A post is hidden from members: by a moderator, or automatically when enough members flagged it.</summary>
public sealed record PostHidden(Guid GroupId, Guid TopicId, Guid PostId, int PostNumber, Guid AuthorId, Guid? HiddenBy, string Reason,
    DateTimeOffset HiddenAt);

public sealed record PostDeleted(Guid GroupId, Guid TopicId, Guid PostId, int PostNumber, Guid AuthorId, Guid DeletedBy, string Reason,
    DateTimeOffset DeletedAt);

public sealed record AnswerAccepted(Guid GroupId, Guid TopicId, Guid QuestionAuthorId, Guid PostId, int PostNumber, Guid AnswerAuthorId,
    Guid AcceptedBy, string Path, DateTimeOffset AcceptedAt);

public sealed record PollClosed(Guid GroupId, Guid TopicId, Guid PollId, string Path, DateTimeOffset ClosedAt);

public sealed record ContentFlagged(Guid GroupId, Guid TopicId, Guid PostId, int PostNumber, Guid FlaggedBy, FlagReason Reason,
    int? Clause, DateTimeOffset FlaggedAt);

/// <summary>A moderator warned a member about a post, citing a clause of the group's code of conduct when there is one.</summary>
public sealed record AuthorWarned(Guid GroupId, Guid MemberId, Guid PostId, Guid WarnedBy, int? Clause, string Message, DateTimeOffset WarnedAt);

/// <summary>
/// A facilitator scheduled a discussion prompt (docs/workbench.md, ADR 0056): its first occurrence posts at
/// <see cref="FirstAt"/>, then weekly, <see cref="Occurrences"/> times. <see cref="Path"/> is the group's prompts page.
/// </summary>
public sealed record PromptScheduled(Guid GroupId, Guid PromptId, Guid AuthorId, string Title, DateTimeOffset FirstAt, int Occurrences, string Path,
    DateTimeOffset ScheduledAt);

/// <summary>
/// A facilitator or sponsor wrote a topic's summary, or replaced it (docs/workbench.md, ADR 0075): published each time,
/// by the writer. Removing a summary publishes nothing.
/// </summary>
public sealed record TopicSummaryWritten(Guid GroupId, Guid TopicId, int TopicNumber, string TopicTitle, Guid AuthorId, string Path, DateTimeOffset WrittenAt);

/// <summary>
/// A facilitator or sponsor recognised a member's post ("recognised by", docs/workbench.md, ADR 0077), with an optional
/// short note. Published once per recogniser and post; changing the note publishes nothing.
/// </summary>
public sealed record ContributionRecognised(Guid GroupId, Guid TopicId, int TopicNumber, string TopicTitle, Guid PostId, int PostNumber,
    Guid AuthorId, Guid RecognisedBy, string? Note, string Path, DateTimeOffset RecognisedAt);

/// <summary>The recogniser took their recognition of a post back.</summary>
public sealed record ContributionRecognitionWithdrawn(Guid GroupId, Guid TopicId, Guid PostId, int PostNumber, Guid AuthorId, Guid WithdrawnBy,
    DateTimeOffset WithdrawnAt);

/// <summary>
/// A member read further in a topic of the group on <see cref="Day"/> (UTC): sent at most once per member, group and day,
/// the first time their reading advances that day. The health dashboard counts readers from it (docs/health.md).
/// </summary>
public sealed record MemberReadInGroup(Guid GroupId, Guid MemberId, DateOnly Day, DateTimeOffset ReadAt);
