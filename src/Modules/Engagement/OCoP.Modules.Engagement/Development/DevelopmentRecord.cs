using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Engagement.Development;

/// <summary>
/// One member's professional-development record in one group (docs/workbench.md "Professional-development record"),
/// kept from the other modules' events by <see cref="DevelopmentRecordHandler"/>. Id is <c>{memberId:N}/{groupId:N}</c>.
/// Every list is keyed by the id of what it counts, so an event delivered twice changes nothing.
/// </summary>
internal sealed class DevelopmentRecord
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public Guid GroupId { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }

    /// <summary>Events the member was recorded at; the latest check-in or check-out of each wins.</summary>
    public List<AttendedSession> Sessions { get; set; } = [];

    /// <summary>What the member organised or led: events scheduled, their proposed topics scheduled as sessions, prompts.</summary>
    public List<LedActivity> Led { get; set; } = [];

    /// <summary>Facilitation roles (facilitator, domain expert, sponsor): the latest grant or revocation of each wins.</summary>
    public List<HeldRole> Roles { get; set; } = [];

    public List<Guid> TopicIds { get; set; } = [];
    public List<Guid> ReplyIds { get; set; } = [];

    /// <summary>The member's posts accepted as answers.</summary>
    public List<Guid> AcceptedAnswerIds { get; set; } = [];

    /// <summary>Topics and posts deleted since: not counted, whichever of the two events arrives first.</summary>
    public List<Guid> DeletedPostIds { get; set; } = [];

    public List<Guid> WikiPageIds { get; set; } = [];

    /// <summary>Wiki revisions the member wrote, as <c>{pageId:N}/{revision}</c>.</summary>
    public List<string> WikiEdits { get; set; } = [];

    public List<Guid> BlogPostIds { get; set; } = [];
    public List<Guid> ResourceIds { get; set; } = [];

    /// <summary>Topics whose summary the member wrote (a summary replaced by its own writer counts once).</summary>
    public List<Guid> SummaryTopicIds { get; set; } = [];

    public static string IdFor(Guid memberId, Guid groupId) => $"{memberId:N}/{groupId:N}";

    public int Topics => TopicIds.Count(id => !DeletedPostIds.Contains(id));
    public int Replies => ReplyIds.Count(id => !DeletedPostIds.Contains(id));
    public int AcceptedAnswers => AcceptedAnswerIds.Count(id => !DeletedPostIds.Contains(id));

    public static void Add<T>(List<T> items, T item)
    {
        if (!items.Contains(item))
        {
            items.Add(item);
        }
    }
}

/// <summary>An event the member was at (<see cref="Present"/>), or was at until an organiser checked them out.</summary>
internal sealed record AttendedSession(Guid EventId, string? Title, string? Path, DateTimeOffset At, bool Present);

/// <summary>What kind of thing a member led.</summary>
internal enum LedKind
{
    /// <summary>Scheduled a group event.</summary>
    Event,

    /// <summary>Proposed a session topic that a facilitator scheduled.</summary>
    SessionTopic,

    /// <summary>Scheduled a discussion prompt (one question, or a weekly series).</summary>
    Prompt,
}

/// <summary>One thing the member led, keyed by <see cref="Key"/> (<c>{kind}/{id:N}</c>); a cancelled event stays, marked.</summary>
internal sealed record LedActivity(string Key, LedKind Kind, string Title, string? Path, DateTimeOffset At, bool Cancelled = false);

/// <summary>A role as last heard of: held since <see cref="Since"/>, or no longer (<see cref="Held"/> false) since <see cref="ChangedAt"/>.</summary>
internal sealed record HeldRole(GroupRole Role, bool Held, DateTimeOffset Since, DateTimeOffset ChangedAt);

/// <summary>
/// The "skills to practise" of a group's charter, as Membership last published it (the highest charter version wins).
/// Id is the group's id.
/// </summary>
internal sealed class CharterSkills
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Text { get; set; } = "";

    /// <summary>The skills, one per line, semicolon or list bullet of the charter's text (commas stay: "reading, writing" may be one skill).</summary>
    public IReadOnlyList<string> Skills => Split(Text);

    public static IReadOnlyList<string> Split(string text) =>
        text.Split(['\n', '\r', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.TrimStart('-', '*', '•', ' ').Trim())
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}

/// <summary>An entry the member wrote in their own record: a skill practised on a day, with a note and hours if they like.</summary>
internal sealed class DevelopmentEntry
{
    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public string Skill { get; set; } = "";
    public DateOnly Date { get; set; }
    public string? Note { get; set; }
    public decimal? Hours { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
