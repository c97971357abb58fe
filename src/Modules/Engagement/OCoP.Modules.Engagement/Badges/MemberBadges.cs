namespace OCoP.Modules.Engagement.Badges;

/// <summary>
/// A member's badges in one group and the evidence toward them (Id <c>{groupId:N}/{memberId:N}</c>), changed under its
/// row lock by <see cref="BadgesHandler"/>. A badge is listed once, earned or revoked: a revoked badge is never earned again.
/// </summary>
internal sealed class MemberBadges
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public List<EarnedBadge> Badges { get; set; } = [];

    /// <summary>The member's replies accepted as answers or recognised, by post: the evidence for "Ten helpful replies".</summary>
    public List<HelpfulReply> HelpfulReplies { get; set; } = [];

    public static string IdFor(Guid groupId, Guid memberId) => $"{groupId:N}/{memberId:N}";

    public int HelpfulCount => HelpfulReplies.Count(r => r.Accepted || r.RecognisedBy.Count > 0);

    /// <summary>Awards the badge unless the member has it already, earned or revoked: redelivered events change nothing.</summary>
    public bool Award(BadgeKind kind, DateTimeOffset at, string? path)
    {
        if (Badges.Any(b => b.Kind == kind))
        {
            return false;
        }

        Badges.Add(new EarnedBadge { Kind = kind, EarnedAt = at, Path = path });
        return true;
    }

    public HelpfulReply Reply(Guid postId)
    {
        var reply = HelpfulReplies.FirstOrDefault(r => r.PostId == postId);
        if (reply is null)
        {
            reply = new HelpfulReply { PostId = postId };
            HelpfulReplies.Add(reply);
        }

        return reply;
    }
}

internal sealed class EarnedBadge
{
    public BadgeKind Kind { get; set; }
    public DateTimeOffset EarnedAt { get; set; }

    /// <summary>What earned it (the accepted answer, the page, the session), site-relative.</summary>
    public string? Path { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedBy { get; set; }
}

internal sealed class HelpfulReply
{
    public Guid PostId { get; set; }
    public bool Accepted { get; set; }
    public List<Guid> RecognisedBy { get; set; } = [];
}

/// <summary>A group's badge setting (Id = group id). Absent: badges are on. Off: none shown, none awarded.</summary>
internal sealed class GroupBadgeSettings
{
    public Guid Id { get; set; }
    public bool Off { get; set; }
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
