using OCoP.Modules.Discussions.Contracts;

namespace OCoP.Modules.Discussions.Moderation;

/// <summary>One member's flag on one post. Id is <c>{postId:N}/{memberId:N}</c>: a member flags a post once.</summary>
internal sealed class Flag
{
    public string Id { get; set; } = "";
    public Guid PostId { get; set; }
    public Guid GroupId { get; set; }
    public Guid FlaggedBy { get; set; }
    public FlagReason Reason { get; set; }
    public int? Clause { get; set; }
    public string? Text { get; set; }
    public DateTimeOffset FlaggedAt { get; set; }

    /// <summary>Null while waiting for review; then what the facilitator did.</summary>
    public string? Resolution { get; set; }

    public static string IdFor(Guid postId, Guid memberId) => $"{postId:N}/{memberId:N}";
}

/// <summary>One line of a group's moderation log: who did what to which post or topic, and why.</summary>
internal sealed class ModerationLogEntry
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Null when the platform acted on its own (the flag threshold, auto-close).</summary>
    public Guid? ModeratorId { get; set; }

    public string Action { get; set; } = "";
    public Guid? TopicId { get; set; }
    public int? TopicNumber { get; set; }
    public int? PostNumber { get; set; }

    /// <summary>The member the action was about (the author of the post), when there is one.</summary>
    public Guid? MemberId { get; set; }

    public string? Reason { get; set; }
    public int? Clause { get; set; }
    public string SortKey { get; set; } = "";
}
