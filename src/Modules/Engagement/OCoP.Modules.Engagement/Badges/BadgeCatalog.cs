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
