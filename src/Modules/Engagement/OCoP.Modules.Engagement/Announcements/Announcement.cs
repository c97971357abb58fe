namespace OCoP.Modules.Engagement.Announcements;

/// <summary>
/// A facilitator's or sponsor's message to their group (issue 15, item 5; docs/workbench.md): shown on
/// <c>/groups/{slug}/announcements</c>, notified in-app to every member, and e-mailed through the one e-mail path.
/// An important one is e-mailed to every member whatever their preferences, at most once in 7 days per group
/// (<see cref="ImportantAnnouncementSlot"/>).
/// </summary>
internal sealed class Announcement
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid AuthorId { get; set; }
    public string Title { get; set; } = "";

    /// <summary>The Markdown as written.</summary>
    public string Source { get; set; } = "";

    /// <summary>The shared renderer's safe HTML of <see cref="Source"/>.</summary>
    public string Html { get; set; } = "";

    public bool Important { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Newest-first keyset sort key: time then id.</summary>
    public string Key { get; set; } = "";

    public static string KeyFor(DateTimeOffset at, Guid id) => $"{at.UtcTicks:D19}{id:N}";
}

/// <summary>
/// One per group (Id = group id): when its last important announcement was made. Loaded <c>FOR UPDATE</c> by whoever
/// posts an important one, so two racing facilitators queue and the second sees the first (docs/adr/0070).
/// </summary>
internal sealed class ImportantAnnouncementSlot
{
    public Guid Id { get; set; }
    public Guid LastAnnouncementId { get; set; }
    public DateTimeOffset LastImportantAt { get; set; }
}
