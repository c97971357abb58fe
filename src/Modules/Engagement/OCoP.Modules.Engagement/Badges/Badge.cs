namespace OCoP.Modules.Engagement.Badges;

/// <summary>The small fixed set of badges a member earns in a group (docs/workbench.md "Recognition and badges", ADR 0077).</summary>
internal enum BadgeKind
{
    FirstAnswerAccepted,
    TenHelpfulReplies,
    PageAuthor,
    SessionLeader,
}

internal static class BadgeCatalog
{
    /// <summary>Replies that make the "Ten helpful replies" badge.</summary>
    public const int HelpfulRepliesNeeded = 10;

    public static string NameOf(BadgeKind kind) => kind switch
    {
        BadgeKind.FirstAnswerAccepted => "First answer accepted",
        BadgeKind.TenHelpfulReplies => "Ten helpful replies",
        BadgeKind.PageAuthor => "Page author",
        _ => "Session leader",
    };

    public static string WhatFor(BadgeKind kind) => kind switch
    {
        BadgeKind.FirstAnswerAccepted => "A reply of theirs was accepted as the answer to someone else's question.",
        BadgeKind.TenHelpfulReplies => $"{HelpfulRepliesNeeded} of their replies were accepted as answers or recognised by a facilitator or sponsor.",
        BadgeKind.PageAuthor => "They created a page of the group's wiki.",
        _ => "A session topic they proposed was scheduled as a group event.",
    };

    /// <summary>The kebab-case name used in routes (<c>first-answer-accepted</c>), and back.</summary>
    public static string RouteOf(BadgeKind kind) => kind switch
    {
        BadgeKind.FirstAnswerAccepted => "first-answer-accepted",
        BadgeKind.TenHelpfulReplies => "ten-helpful-replies",
        BadgeKind.PageAuthor => "page-author",
        _ => "session-leader",
    };

    public static BadgeKind? FromRoute(string? route) =>
        Enum.GetValues<BadgeKind>().Cast<BadgeKind?>().FirstOrDefault(k => RouteOf(k!.Value) == route);
}

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
