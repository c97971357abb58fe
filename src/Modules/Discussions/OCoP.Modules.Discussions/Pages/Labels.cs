using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Moderation;

namespace OCoP.Modules.Discussions.Pages;

/// <summary>The words members read for the forum's vocabulary.</summary>
internal static class Labels
{
    public static string Kind(TopicKind kind) => kind switch
    {
        TopicKind.Question => "Question",
        TopicKind.Announcement => "Announcement",
        _ => "Discussion",
    };

    public static string Sort(string sort) => sort switch
    {
        "newest" => "Newest",
        "active" => "Most active",
        "unanswered" => "Unanswered",
        _ => "Latest",
    };

    public static string Reaction(string kind) => kind switch
    {
        "like" => "Like",
        "thanks" => "Thanks",
        "insightful" => "Insightful",
        "agree" => "Agree",
        _ => "Curious",
    };

    public static string FlagReason(FlagReason reason) => reason switch
    {
        Contracts.FlagReason.Spam => "Spam",
        Contracts.FlagReason.OffTopic => "Off-topic",
        Contracts.FlagReason.CodeOfConduct => "Breaks the code of conduct",
        _ => "Something else",
    };

    public static string ReviewAction(Flagging.ReviewAction action) => action switch
    {
        Flagging.ReviewAction.Approve => "Approve",
        Flagging.ReviewAction.Hide => "Hide",
        Flagging.ReviewAction.Delete => "Delete",
        _ => "Warn the author",
    };

    /// <summary>What the moderation log's actions ("pinned", "warned"…) read as in a sentence.</summary>
    public static string LogAction(string action) => action switch
    {
        "approved" => "approved a flagged post",
        "hidden" => "hid a post",
        "deleted" => "deleted a post",
        "warned" => "warned an author",
        "edited" => "edited a post",
        _ => $"{action} a topic",
    };

    /// <summary>"clause 2: Be kind." for the group's code of conduct, or "clause 2" when the code has changed since.</summary>
    public static string Clause(int clause, IReadOnlyList<string> clauses) =>
        clause >= 1 && clause <= clauses.Count ? $"clause {clause}: {clauses[clause - 1]}" : $"clause {clause}";

    public static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
