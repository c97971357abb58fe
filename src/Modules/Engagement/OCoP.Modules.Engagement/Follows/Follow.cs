namespace OCoP.Modules.Engagement.Follows;

/// <summary>What a member can follow.</summary>
internal enum FollowTarget
{
    Member,
    Group,
    Topic,
    Tag,

    /// <summary>A wiki page (Knowledge): its edits and reviews.</summary>
    WikiPage,

    /// <summary>A group's blog (the target id is the group's): its new posts and comments.</summary>
    Blog,

    /// <summary>A group's resource directory (the target id is the group's): resources added, vetted or flagged.</summary>
    Resources,
}

/// <summary>How closely, as in Discourse: what reaches the member from what they follow.</summary>
internal enum FollowLevel
{
    /// <summary>A notification (and, by preference, an e-mail) for every new post.</summary>
    Watching,

    /// <summary>In the home feed, and unread counts; no notification for ordinary posts.</summary>
    Tracking,

    /// <summary>In the home feed; notified only when mentioned, replied to or quoted.</summary>
    Normal,

    /// <summary>Nothing at all, not even in the home feed.</summary>
    Muted,
}

/// <summary>
/// One member following one thing. Id is <c>{memberId:N}/{target}/{targetId}</c>, so a member has at most one follow per
/// thing. A follow the member chose (<see cref="Chosen"/>) is never changed by the defaults (joining a group, replying).
/// </summary>
internal sealed class Follow
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public FollowTarget Target { get; set; }

    /// <summary>A member, group, topic or wiki page id (as "N" formatted Guid), or a tag in lower case.</summary>
    public string TargetId { get; set; } = "";

    public FollowLevel Level { get; set; }

    /// <summary>The group a topic, wiki page, blog or resource directory belongs to, to drop its follows when the member leaves and to enforce visibility.</summary>
    public Guid? GroupId { get; set; }

    /// <summary>Set by the member, not by a default.</summary>
    public bool Chosen { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public static string IdFor(Guid memberId, FollowTarget target, string targetId) => $"{memberId:N}/{target}/{targetId}";

    public static string TargetIdFor(Guid id) => id.ToString("N");

    public static string TargetIdFor(string tag) => tag.Trim().ToLowerInvariant();
}
