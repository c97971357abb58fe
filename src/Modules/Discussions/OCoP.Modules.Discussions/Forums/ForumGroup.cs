namespace OCoP.Modules.Discussions.Forums;

/// <summary>
/// A group's forum: its own settings, counters and categories, and the code of conduct's clauses moderators cite. Who
/// may see and do what comes from the shared group-access replica (<c>GroupFacts</c>, docs/adr/0010), not from here.
/// Its id is the group's; it is started by the first event or write that needs it.
/// </summary>
internal sealed class ForumGroup
{
    public Guid Id { get; set; }
    public int CodeOfConductVersion { get; set; }
    public List<string> CodeOfConductClauses { get; set; } = [];

    /// <summary>The last topic number handed out; topics are numbered 1, 2, 3… within their group for short, stable links.</summary>
    public int LastTopicNumber { get; set; }

    public List<Category> Categories { get; set; } = [];

    /// <summary>Close topics with no new post for this many days; null keeps them open.</summary>
    public int? AutoCloseAfterIdleDays { get; set; }

    /// <summary>Distinct flaggers that hide a post until review; null uses the site default.</summary>
    public int? FlagThreshold { get; set; }
}

internal sealed record Category(Guid Id, string Name, string Slug, string? Description, int Position);
